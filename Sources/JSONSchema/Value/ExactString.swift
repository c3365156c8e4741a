/// A string compared by its code points, as JSON requires.
///
/// Swift's `String ==` treats canonically equivalent strings as equal ("é" precomposed equals "e" plus a
/// combining accent); JSON Schema's `const`, `enum`, `uniqueItems` and property names do not.
struct ExactString: Hashable, Sendable {
    let value: String

    init(_ value: String) { self.value = value }

    /// Canonical hashing is coarser than code-point equality, so it stays consistent with it.
    func hash(into hasher: inout Hasher) { hasher.combine(value) }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool { lhs.value.sameCodePoints(as: rhs.value) }
}

extension String {
    /// Code-point (UTF-8 byte) equality, unlike `==`, which uses canonical equivalence.
    @inline(__always)
    func sameCodePoints(as other: String) -> Bool {
        let left = utf8
        let right = other.utf8
        guard left.count == right.count else { return false }
        // Native strings expose their bytes; comparing buffers is far faster than iterating the views.
        let fast = left.withContiguousStorageIfAvailable { leftBytes in
            right.withContiguousStorageIfAvailable { rightBytes in equalBytes(leftBytes, rightBytes) }
        }
        if let fast, let result = fast { return result }
        return left.elementsEqual(right)
    }
}

/// Byte equality of two buffers of the same length, eight bytes at a time.
@inline(__always)
private func equalBytes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = left.count
    guard count > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return true }
    let leftRaw = UnsafeRawPointer(leftBase)
    let rightRaw = UnsafeRawPointer(rightBase)
    var offset = 0
    while offset + 8 <= count {
        if leftRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            != rightRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        {
            return false
        }
        offset += 8
    }
    while offset < count {
        if leftBase[offset] != rightBase[offset] { return false }
        offset += 1
    }
    return true
}
