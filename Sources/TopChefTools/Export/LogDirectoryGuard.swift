import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps exports out of the log's own directory. An export there could replace `data.mdb` (an SQLite
/// file renamed over it: a server still writing to the unlinked file would acknowledge jobs that are gone
/// at the next start) or leave files where only the log belongs.
enum LogDirectoryGuard {
    /// Refuses `output` when it is the log's directory `log` or anything inside it, however either is
    /// spelled (relative paths, `..`, symbolic links).
    /// - Throws: ``ToolError`` of kind `unwritableOutput`.
    static func refuseOutput(_ output: String, insideLog log: String) throws(ToolError) {
        let directory = resolved(log)
        let target = resolved(output)
        guard target == directory || target.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/") else {
            return
        }
        throw ToolError(
            .unwritableOutput,
            "\(output): inside the log's directory \(log); an export never writes there, choose another --out")
    }

    /// `path` made absolute with its existing part resolved by the kernel (symbolic links, `..`), and the
    /// part that does not exist yet appended as written.
    static func resolved(_ path: String) -> String {
        var current = URL(fileURLWithPath: path).standardizedFileURL.path
        var missing: [String] = []
        while true {
            if let real = realpath(current, nil) {
                defer { free(real) }
                let base = String(cString: real)
                guard !missing.isEmpty else { return base }
                return (base == "/" ? "" : base) + "/" + missing.reversed().joined(separator: "/")
            }
            let url = URL(fileURLWithPath: current)
            let parent = url.deletingLastPathComponent().path
            if parent == current { return current }
            missing.append(url.lastPathComponent)
            current = parent
        }
    }
}
