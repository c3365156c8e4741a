/// Compact JSON text appended byte by byte: the one place that knows how TopChef spells JSON values.
///
/// It has no idea of structure: the caller writes brackets and commas itself (the HTTP contract writes
/// whole objects as literals), or goes through ``JSONWriter``, which adds them. What it owns is how each
/// value is spelled, so that every output (HTTP responses, provenance JSON, exports) escapes strings and
/// prints numbers, ids and times the same way.
///
/// The small methods are `@inlinable`: the HTTP layer calls them for every piece of every response, and a
/// cross-module call per piece would cost more than the copy itself.
public struct JSONOutput: Sendable {
    /// The text written so far. Callers take it when done, and may trim it (a response that reopens an
    /// object it wrote whole).
    public var bytes: [UInt8]

    /// An empty output with room for `capacity` bytes.
    @inlinable
    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends text known at compile time (punctuation, keys, whole literal fragments), as is.
    @inlinable @inline(__always)
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends text that is already JSON (a stored schema, parameters, results), as is.
    @inlinable @inline(__always)
    public mutating func raw(_ text: [UInt8]) {
        bytes.append(contentsOf: text)
    }

    /// Appends text that is already JSON, from any collection of bytes.
    @inlinable
    public mutating func raw(_ text: some Collection<UInt8>) {
        bytes.append(contentsOf: text)
    }

    /// Appends one byte.
    @inlinable @inline(__always)
    public mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends `"name":`. The name is written as is, so it must not need escaping.
    @inlinable @inline(__always)
    public mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends `true` or `false`.
    @inlinable
    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// Appends `null`.
    @inlinable
    public mutating func null() {
        raw("null")
    }

    /// Appends `count` bytes that `spell` writes into the memory it is given (see the `spell…` functions).
    @inlinable
    public mutating func appendSpelled(_ count: Int, _ spell: (UnsafeMutablePointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
            spell(buffer.baseAddress!)
            bytes.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }

    /// The lowercase hexadecimal digit of `nibble` (0 to 15). Computed rather than looked up: a table would
    /// be a lazily initialized global, checked on every use from inlined code.
    @inlinable @inline(__always)
    public static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }
}
