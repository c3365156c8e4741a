import Foundation

/// A value computed on a thread of its own, so that the caller can do other work (here: SQLite building
/// tables and indexes on its one connection) meanwhile; ``value()`` waits for it.
final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Set once, under `condition`, by the thread.
    private var result: Result<Value, any Error>?

    /// Starts computing `work` on a new thread named `name`.
    init(name: String, _ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let result = Result(catching: work)
            condition.lock()
            self.result = result
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the value, rethrowing what the work threw.
    func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}
