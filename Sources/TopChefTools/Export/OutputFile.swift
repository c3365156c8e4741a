#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file written through a large buffer, first under a temporary name beside its final path and moved
/// into place by ``commit(_:)`` with the other files of its export, so that a failed export leaves nothing
/// half-written behind.
final class OutputFile {
    /// Where the file ends up.
    let path: String
    /// Where it is written until committed.
    let temporaryPath: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private static let bufferSize = 1 << 20

    /// Creates the temporary file.
    /// - Throws: ``ToolError`` of kind `unwritableOutput`.
    init(path: String) throws(ToolError) {
        self.path = path
        temporaryPath = path + ".partial-\(getpid())"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ToolError(.unwritableOutput, "\(path): cannot be written (\(String(cString: strerror(errno))))")
        }
        buffer.reserveCapacity(Self.bufferSize + 4096)
    }

    deinit {
        close(descriptor)
        unlink(temporaryPath)
    }

    /// Appends bytes.
    func write(_ bytes: some Collection<UInt8>) throws(ToolError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Appends bytes that are already batched (a large buffer): written straight to the file, not copied.
    func writeBatch(_ bytes: UnsafeRawBufferPointer) throws(ToolError) {
        try flush()
        try writeAll(bytes)
    }

    /// Appends a string's UTF-8.
    func write(_ text: String) throws(ToolError) {
        try write(text.utf8)
    }

    private func flush() throws(ToolError) {
        let result = buffer.withUnsafeBytes { bytes in Result { () throws(ToolError) in try writeAll(bytes) } }
        try result.get()
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(ToolError) {
        if let failure = DescriptorWriter.writeAll(bytes, to: descriptor) {
            throw ToolError(.unwritableOutput, "\(path): the write failed (\(String(cString: strerror(failure))))")
        }
    }

    /// Commits `files` together: each writes out what it has buffered before any is moved to its final
    /// path, so that a write that fails (a full disk) moves none of them. A file that a move replaces (an
    /// earlier export's) is kept under a second name until every move has succeeded: a move that fails
    /// puts back what the moves before it replaced, and the directory holds the earlier export as it was.
    static func commit(_ files: [OutputFile]) throws(ToolError) {
        for file in files { try file.flush() }
        var moved: [(file: OutputFile, earlier: String?)] = []
        for file in files {
            let earlier = file.path + ".earlier-\(getpid())"
            unlink(earlier)
            // A second link to the earlier file, if there is one: the rename below replaces only the name.
            let keepsEarlier = link(file.path, earlier) == 0
            guard rename(file.temporaryPath, file.path) == 0 else {
                let failure = ToolError(
                    .unwritableOutput, "\(file.path): cannot be written (\(String(cString: strerror(errno))))")
                if keepsEarlier { unlink(earlier) }
                for (done, doneEarlier) in moved.reversed() {
                    if let doneEarlier { rename(doneEarlier, done.path) } else { unlink(done.path) }
                }
                throw failure
            }
            moved.append((file, keepsEarlier ? earlier : nil))
        }
        for (_, earlier) in moved { if let earlier { unlink(earlier) } }
    }
}
