import Foundation

/// Finds an executable that SwiftPM built beside the test bundle (same build directory), e.g. `topchef`
/// or `CrashWriter`. Returns nil when it is not there.
public func builtExecutable(named name: String) -> String? {
    var candidates: [URL] = []
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = testBinary.deletingLastPathComponent()
    for _ in 0..<4 {
        candidates.append(directory.appendingPathComponent(name))
        directory = directory.deletingLastPathComponent()
    }
    candidates.append(Bundle.main.bundleURL.appendingPathComponent(name))
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name))
    return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
}
