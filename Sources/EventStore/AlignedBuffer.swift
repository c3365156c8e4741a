#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable byte buffer whose start is aligned for direct I/O (`O_DIRECT` needs the memory, the file offset
/// and the length aligned to the device's block), in which the writer builds each commit's journal frames.
final class AlignedBuffer {
    /// The alignment of the start, and of what ``padToAlignment(with:)`` pads to.
    static let alignment = 4096

    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, Self.alignment)
        base = Self.allocate(self.capacity)
    }

    deinit {
        free(base)
    }

    /// The bytes written so far.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    var isEmpty: Bool { count == 0 }

    /// Appends `bytes`.
    func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + count).copyMemory(from: source, byteCount: bytes.count) }
        count += bytes.count
    }

    /// Appends `bytes`.
    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends `value` in little-endian byte order.
    func append<Value: FixedWidthInteger>(littleEndian value: Value) {
        withUnsafeBytes(of: value.littleEndian) { append($0) }
    }

    /// Appends `count` zero bytes.
    func appendZeros(_ zeros: Int) {
        reserve(zeros)
        (base + count).initializeMemory(as: UInt8.self, repeating: 0, count: zeros)
        count += zeros
    }

    /// Forgets the contents, keeping the memory.
    func removeAll() {
        count = 0
    }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var next = capacity * 2
        while next < count + extra { next *= 2 }
        let grown = Self.allocate(next)
        grown.copyMemory(from: base, byteCount: count)
        free(base)
        base = grown
        capacity = next
    }

    private static func allocate(_ size: Int) -> UnsafeMutableRawPointer {
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, alignment, size) == 0, let memory else {
            fatalError("cannot allocate \(size) bytes for the journal")
        }
        return memory
    }
}
