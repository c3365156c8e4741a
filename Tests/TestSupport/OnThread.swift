import Foundation

/// Runs blocking work (a socket read, a child process awaited to its end) on a thread of its own and
/// returns its result.
///
/// Every test of the package runs in one process whose Swift cooperative pool has as many threads as the
/// machine has cores (two here). A test that blocks one of them while a child process runs takes it from
/// every other test, including the in-process servers that answer over the wire: with both blocked, a
/// live server's requests wait, and a client with a read timeout fails. Blocking work goes here instead.
public func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}
