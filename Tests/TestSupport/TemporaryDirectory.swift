import Foundation

/// A fresh directory under the system's temporary directory, removed when the value is released.
/// Every test that touches LMDB gets its own, so tests never share state and can run in parallel.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The directory's path.
    public let path: String

    /// Creates a new, empty directory whose name starts with `prefix`.
    public init(prefix: String = "topchef-test") {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/\(prefix)-\(UUID().uuidString.lowercased())"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the directory (not created).
    public func appending(_ component: String) -> String {
        path + "/" + component
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
