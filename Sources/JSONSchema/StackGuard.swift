/// Measures how much stack a recursive walk has used since it started, so that parsing, indexing and
/// evaluation stop with an error before a hostile document exhausts a thread's stack, whatever the
/// depth limits the caller chose and whatever the build's frame sizes.
struct StackGuard {
    /// Stack bytes a walk may use: well inside the 8 MiB that Linux gives threads by default, and the
    /// 512 KiB of secondary threads on Apple platforms. Release builds use under 1 KiB per level of
    /// instance nesting during evaluation, debug builds about ten times that.
    #if os(Linux)
        static let budget: UInt = 2 * 1024 * 1024
    #else
        static let budget: UInt = 384 * 1024
    #endif

    /// The stack address where the walk started.
    private let top: UInt

    /// Starts measuring from the caller's frame.
    init() { top = Self.address() }

    /// Whether the walk has used more than `budget` bytes of stack.
    @inline(__always)
    var isExhausted: Bool { top &- Self.address() > Self.budget }

    /// The address of a local variable: how deep the stack currently is.
    @inline(__always)
    static func address() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
