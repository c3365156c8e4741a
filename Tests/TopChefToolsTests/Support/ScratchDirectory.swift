import Foundation

/// A fresh directory under the system's temporary directory, removed when the value is released: every
/// test gets its own.
final class ScratchDirectory: @unchecked Sendable {
    let path: String

    init(prefix: String = "topchef-tools-test") {
        path = FileManager.default.temporaryDirectory.path + "/\(prefix)-\(UUID().uuidString.lowercased())"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the directory (not created).
    func appending(_ component: String) -> String {
        path + "/" + component
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
