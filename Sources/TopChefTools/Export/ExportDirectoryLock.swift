import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on an export's output directory, held while an export moves its files into place
/// (and a CSV export removes the jobs files of the export before it): two exports into one directory
/// replace each other whole, one after the other, instead of each removing what the other just wrote.
enum ExportDirectoryLock {
    /// Runs `body` holding the lock on `directory`, waiting for another export that holds it.
    /// - Throws: ``ToolError`` of kind `unwritableOutput` when the directory cannot be opened or locked;
    ///   what `body` throws.
    static func holding<T>(_ directory: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ToolError(.unwritableOutput, "\(directory): cannot be opened (\(String(cString: strerror(errno))))")
        }
        // Released however `body` ends; unlocked before the close because a child process being started
        // may hold a copy of the descriptor until its exec (see WriterLock.release in EventStore).
        defer {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw ToolError(
                    .unwritableOutput, "\(directory): cannot be locked (\(String(cString: strerror(errno))))")
            }
        }
        return try body()
    }
}
