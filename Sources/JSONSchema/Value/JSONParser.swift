/// Parses JSON text (RFC 8259) from UTF-8 bytes into a `JSONValue`.
///
/// Strict: no comments, no trailing commas, no leading zeros, no control characters in strings, valid
/// UTF-8 only. Nesting deeper than `maxDepth` is reported as an error before it can exhaust the stack.
public struct JSONParser {
    /// Parses a whole document; whitespace may surround the value, nothing else may.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 512) throws(JSONParseError) -> JSONValue {
        try withBuffer(bytes) { buffer throws(JSONParseError) in try parseBuffer(buffer, maxDepth: maxDepth) }
    }

    /// Parses a whole document from a string.
    public static func parse(_ text: String, maxDepth: Int = 512) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    /// Parses a whole document as ``parse(_:maxDepth:)`` does and, when it is an object, also reports
    /// which of its members' values are written in the input exactly as `serialized()` would write them,
    /// so that a caller storing a member's compact text can copy those bytes instead of re-serializing.
    public static func parseWithMemberText(_ bytes: some Collection<UInt8>, maxDepth: Int = 512)
        throws(JSONParseError) -> ParsedDocument
    {
        try withBuffer(bytes) { buffer throws(JSONParseError) in try parseDocument(buffer, maxDepth: maxDepth) }
    }

    /// Runs `body` over `bytes` in place when they are contiguous, else over a contiguous copy.
    private static func withBuffer<T>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> T
    ) throws(JSONParseError) -> T {
        let result: Result<T, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try body(buffer) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONParseError) in try body(buffer) }
    }

    private static func parseBuffer(_ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) throws(JSONParseError)
        -> JSONValue
    {
        var reader = Reader(bytes: buffer, maxDepth: maxDepth, recordsMembers: false)
        return try reader.parseDocument()
    }

    private static func parseDocument(_ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) throws(JSONParseError)
        -> ParsedDocument
    {
        var reader = Reader(bytes: buffer, maxDepth: maxDepth, recordsMembers: true)
        let value = try reader.parseDocument()
        return ParsedDocument(value: value, canonicalMemberRanges: reader.memberRanges)
    }
}

/// The parser's cursor over the input.
private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0
    /// Stops a large `maxDepth` from turning deep nesting into a stack overflow.
    let stack = StackGuard()
    /// Whether to fill `memberRanges` for a top-level object.
    let recordsMembers: Bool
    /// Cleared by whatever makes the text read since it was last set differ from its compact serialization:
    /// whitespace, an escape, a repeated key.
    var canonical = true
    /// For each member of the top-level object (by position): its value's byte range, when canonical.
    var memberRanges: [Range<Int>?] = []
    /// Members each non-empty object reserves up front: without it, an object's keys and values grow one
    /// doubling at a time (five allocations each for a job's ten parameters). Objects up to this size, the
    /// limit below which `JSONObject` searches its keys linearly, never reallocate. 0 in large documents.
    let objectCapacity: Int
    /// Elements each non-empty array reserves up front; 0 in large documents.
    let arrayCapacity: Int

    /// Documents up to this size reserve room in their containers; larger ones grow them as needed. The
    /// reserved room can make a small document of tiny containers parse up to about five times larger (a
    /// 64 KiB body of `{"":0}` objects: about 8 MB instead of 1.6 MB); in a 1 MiB body that would be 120 MB
    /// per request, so larger documents reserve nothing.
    static let reservingDocumentLimit = 64 << 10
    /// What ``objectCapacity`` and ``arrayCapacity`` are in documents up to ``reservingDocumentLimit``.
    static let reservedMembers = JSONObject.linearLimit
    static let reservedElements = 4

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, recordsMembers: Bool) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.recordsMembers = recordsMembers
        let reserves = bytes.count <= Self.reservingDocumentLimit
        objectCapacity = reserves ? Self.reservedMembers : 0
        arrayCapacity = reserves ? Self.reservedElements : 0
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        // A UTF-8 byte order mark is tolerated, as RFC 8259 allows parsers to.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected data after the JSON value") }
        return value
    }

    mutating func skipWhitespace() {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default:
                if index != start { canonical = false }
                return
            }
        }
        if index != start { canonical = false }
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? index, message: message)
    }

    func unexpected() -> JSONParseError {
        guard index < bytes.count else { return error("unexpected end of input") }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F {
            return error("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
        return error("unexpected byte 0x\(String(byte, radix: 16))")
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseWord("true", .bool(true))
        case UInt8(ascii: "f"): return try parseWord("false", .bool(false))
        case UInt8(ascii: "n"): return try parseWord("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected()
        }
    }

    mutating func parseWord(_ word: StaticString, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        for offset in 0..<count {
            guard index + offset < bytes.count, bytes[index + offset] == start[offset] else {
                index += offset
                throw unexpected()
            }
        }
        index += count
        return value
    }

    mutating func checkDepth(_ depth: Int) throws(JSONParseError) {
        if depth > maxDepth {
            throw JSONParseError(
                offset: index, message: "nesting is deeper than the limit of \(maxDepth) levels",
                isNestingTooDeep: true)
        }
        if stack.isExhausted {
            throw JSONParseError(
                offset: index, message: "nesting is too deep to parse (\(depth) levels)", isNestingTooDeep: true)
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        elements.reserveCapacity(arrayCapacity)
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            } else {
                throw unexpected()
            }
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        object.reserveCapacity(objectCapacity)
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                if index >= bytes.count { throw error("unterminated object") }
                throw error("expected a string key")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw index < bytes.count ? error("expected ':' after an object key") : error("unterminated object")
            }
            index += 1
            skipWhitespace()
            let members = object.count
            if recordsMembers && depth == 1 {
                canonical = true
                let start = index
                let value = try parseValue(depth: depth)
                let range = canonical ? start..<index : nil
                object[key] = value
                // A repeated key keeps its first position and takes the last value (and its text).
                if object.count > members {
                    memberRanges.append(range)
                } else if let position = object.position(of: key) {
                    memberRanges[position] = range
                }
            } else {
                object[key] = try parseValue(depth: depth)
                // A repeated key's earlier value is dropped: the text is no longer the serialization.
                if object.count == members { canonical = false }
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            } else {
                throw unexpected()
            }
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        guard let shape = NumberSyntax.scan(bytes, from: start) else {
            throw error("invalid number", at: start)
        }
        index = start + shape.length
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            throw error("invalid number: leading zeros are not allowed", at: start)
        }
        return JSONNumber(literal: String(decoding: slice, as: UTF8.self), shape: shape, bytes: slice)
    }

    mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1
        // Fast path: no escapes, so the bytes are the string.
        var scan = index
        var bits: UInt8 = 0
        while scan < bytes.count {
            let byte = bytes[scan]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[index..<scan])
                // ASCII needs no validation; `String(validating:)` is a generic call with a metadata lookup.
                if bits < 0x80 {
                    index = scan + 1
                    return String(decoding: slice, as: UTF8.self)
                }
                guard let string = String(validating: slice, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: index + invalidUTF8Offset(slice))
                }
                index = scan + 1
                return string
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            bits |= byte
            scan += 1
        }
        if scan >= bytes.count { throw error("unterminated string", at: start) }
        return try parseEscapedString(start: start)
    }

    private func invalidUTF8Offset(_ slice: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = 0
        var iterator = slice.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput, .error: return offset
            }
        }
    }

    mutating func parseEscapedString(start: Int) throws(JSONParseError) -> String {
        // Serialization writes some escapes differently (`\/`, `\u00e9`): the text is not canonical.
        canonical = false
        var utf8: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string", at: start) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard let string = String(validating: utf8, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: start)
                }
                return string
            }
            if byte < 0x20 { throw error("control character in string must be escaped") }
            if byte != UInt8(ascii: "\\") {
                utf8.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { throw error("unterminated string", at: start) }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                let escapeStart = index - 2
                var code = try parseHex4()
                // A lone surrogate cannot live in a Swift String. Replacing it (with U+FFFD, as many
                // parsers do) would silently change stored provenance, so it is a syntax error instead.
                if (0xDC00..<0xE000).contains(code) {
                    throw error(Self.unpaired(code, "a low surrogate must follow a high one"), at: escapeStart)
                }
                if (0xD800..<0xDC00).contains(code) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else {
                        throw error(
                            Self.unpaired(code, "a high surrogate must be followed by a low one"), at: escapeStart)
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else {
                        throw error(
                            Self.unpaired(code, "it is followed by \\u\(Self.hex(low)), not by a low surrogate"),
                            at: escapeStart)
                    }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                // Every code point outside the surrogate range is a scalar.
                utf8.append(contentsOf: String(Unicode.Scalar(code)!).utf8)
            default:
                throw error("invalid escape sequence", at: index - 2)
            }
        }
    }

    /// The message for a surrogate escape without its other half.
    static func unpaired(_ code: UInt32, _ reason: String) -> String {
        "unpaired surrogate \\u\(hex(code)) in string: \(reason)"
    }

    /// A UTF-16 code unit as four upper-case hex digits, for messages.
    static func hex(_ code: UInt32) -> String {
        let digits = String(code, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error("unterminated \\u escape") }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
