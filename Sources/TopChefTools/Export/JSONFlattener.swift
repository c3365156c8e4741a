/// Flattens a JSON document into leaves named by their path of object keys, for CSV columns and SQLite
/// views: `{"a":{"b":1},"c":[1,2]}` gives `a.b = 1` and `c = [1,2]`. Arrays stay whole, as JSON text;
/// numbers keep the exact text they were stored with; strings are unescaped.
public enum JSONFlattener {
    /// A leaf value.
    public enum Leaf: Sendable, Hashable {
        /// A string, unescaped.
        case string(String)
        /// A number, as written.
        case number(String)
        /// `true` or `false`.
        case bool(Bool)
        /// `null`.
        case null
        /// An array (or an empty object), as compact JSON text.
        case json(String)

        /// The text a CSV cell holds: strings and numbers as they are, `true`/`false`, an empty cell for null.
        public var text: String {
            switch self {
            case .string(let text), .number(let text), .json(let text): text
            case .bool(let value): value ? "true" : "false"
            case .null: ""
            }
        }
    }

    /// One leaf and the keys that lead to it (empty for a document that is not an object).
    public struct Entry: Sendable, Hashable {
        /// The object keys from the root to the leaf.
        public var path: [String]
        /// The value there.
        public var leaf: Leaf
    }

    /// A document that is not JSON.
    public struct MalformedJSON: Error, Sendable, Hashable, CustomStringConvertible {
        /// Where it stopped making sense.
        public var offset: Int
        public var description: String { "malformed JSON at byte \(offset)" }
    }

    /// The leaves of `json` in document order.
    public static func flatten(_ json: [UInt8]) throws(MalformedJSON) -> [Entry] {
        var parser = Parser(bytes: json)
        var entries: [Entry] = []
        var path: [String] = []
        try parser.value(path: &path, into: &entries)
        parser.skipWhitespace()
        guard parser.index == json.count else { throw MalformedJSON(offset: parser.index) }
        return entries
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
                    || bytes[index] == 0x09
            {
                index += 1
            }
        }

        mutating func value(path: inout [String], into entries: inout [Entry]) throws(MalformedJSON) {
            skipWhitespace()
            guard index < bytes.count else { throw MalformedJSON(offset: index) }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                let start = index
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    entries.append(
                        Entry(path: path, leaf: .json(String(decoding: bytes[start..<index], as: UTF8.self))))
                    return
                }
                while true {
                    skipWhitespace()
                    let key = try string()
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                        throw MalformedJSON(offset: index)
                    }
                    index += 1
                    path.append(key)
                    try value(path: &path, into: &entries)
                    path.removeLast()
                    skipWhitespace()
                    guard index < bytes.count else { throw MalformedJSON(offset: index) }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                    } else if bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        return
                    } else {
                        throw MalformedJSON(offset: index)
                    }
                }
            case UInt8(ascii: "["):
                let start = index
                try skipComposite()
                entries.append(Entry(path: path, leaf: .json(String(decoding: bytes[start..<index], as: UTF8.self))))
            case UInt8(ascii: "\""):
                entries.append(Entry(path: path, leaf: .string(try string())))
            case UInt8(ascii: "t"):
                try literal("true")
                entries.append(Entry(path: path, leaf: .bool(true)))
            case UInt8(ascii: "f"):
                try literal("false")
                entries.append(Entry(path: path, leaf: .bool(false)))
            case UInt8(ascii: "n"):
                try literal("null")
                entries.append(Entry(path: path, leaf: .null))
            default:
                let start = index
                while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
                guard index > start else { throw MalformedJSON(offset: start) }
                entries.append(Entry(path: path, leaf: .number(String(decoding: bytes[start..<index], as: UTF8.self))))
            }
        }

        static func isNumberByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }

        mutating func literal(_ word: StaticString) throws(MalformedJSON) {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw MalformedJSON(offset: index) }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
                throw MalformedJSON(offset: index + offset)
            }
            index += count
        }

        /// Skips an array or object, strings included, leaving `index` after it.
        mutating func skipComposite() throws(MalformedJSON) {
            var depth = 0
            repeat {
                guard index < bytes.count else { throw MalformedJSON(offset: index) }
                switch bytes[index] {
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    index += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth -= 1
                    index += 1
                case UInt8(ascii: "\""):
                    _ = try string()
                default:
                    index += 1
                }
            } while depth > 0
        }

        /// Reads a string starting at its opening quote and returns it unescaped.
        mutating func string() throws(MalformedJSON) -> String {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw MalformedJSON(offset: index) }
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                index += 1
            }
            guard index < bytes.count else { throw MalformedJSON(offset: index) }
            if bytes[index] == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            var text = Array(bytes[start..<index])
            while true {
                guard index < bytes.count else { throw MalformedJSON(offset: index) }
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return String(decoding: text, as: UTF8.self) }
                guard byte == UInt8(ascii: "\\") else {
                    text.append(byte)
                    continue
                }
                guard index < bytes.count else { throw MalformedJSON(offset: index) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    text.append(
                        contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                default: text.append(escape)
                }
            }
        }

        mutating func hex4() throws(MalformedJSON) -> UInt32 {
            guard index + 4 <= bytes.count else { throw MalformedJSON(offset: index) }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: throw MalformedJSON(offset: index)
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }
    }
}

extension JSONFlattener {
    /// Writes into `shape` the shape of `json`: its object keys (as written) and structure, each leaf
    /// reduced to `v`. Documents of the same shape have the same leaf paths, so ``FlatColumns`` flattens one
    /// document per shape instead of every job's. Returns false, for the caller to flatten the document
    /// itself, on anything unusual (an escaped string, malformed JSON): a document it accepts is one that
    /// ``flatten(_:)`` accepts too.
    static func shape(of json: [UInt8], into shape: inout [UInt8]) -> Bool {
        shape.removeAll(keepingCapacity: true)
        return json.withUnsafeBufferPointer { bytes in
            var scanner = ShapeScanner(bytes: bytes)
            guard scanner.value(into: &shape) else { return false }
            scanner.skipWhitespace()
            return scanner.index == bytes.count
        }
    }

    private struct ShapeScanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
            {
                index += 1
            }
        }

        mutating func value(into shape: inout [UInt8]) -> Bool {
            skipWhitespace()
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                shape.append(UInt8(ascii: "{"))
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    shape.append(UInt8(ascii: "}"))
                    return true
                }
                while true {
                    skipWhitespace()
                    let start = index
                    guard string() else { return false }
                    shape.append(contentsOf: bytes[start..<index])
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                    index += 1
                    shape.append(UInt8(ascii: ":"))
                    guard value(into: &shape) else { return false }
                    skipWhitespace()
                    guard index < bytes.count else { return false }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        shape.append(UInt8(ascii: ","))
                    } else if bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        shape.append(UInt8(ascii: "}"))
                        return true
                    } else {
                        return false
                    }
                }
            case UInt8(ascii: "["):
                var depth = 0
                repeat {
                    guard index < bytes.count else { return false }
                    switch bytes[index] {
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        depth += 1
                        index += 1
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        depth -= 1
                        index += 1
                    case UInt8(ascii: "\""):
                        guard string() else { return false }
                    default:
                        index += 1
                    }
                } while depth > 0
            case UInt8(ascii: "\""):
                guard string() else { return false }
            case UInt8(ascii: "t"):
                guard literal("true") else { return false }
            case UInt8(ascii: "f"):
                guard literal("false") else { return false }
            case UInt8(ascii: "n"):
                guard literal("null") else { return false }
            default:
                let start = index
                while index < bytes.count, Parser.isNumberByte(bytes[index]) { index += 1 }
                guard index > start else { return false }
            }
            shape.append(UInt8(ascii: "v"))
            return true
        }

        /// Skips a string without escapes (one with escapes is left to the flattener).
        mutating func string() -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                case UInt8(ascii: "\\"):
                    return false
                default:
                    index += 1
                }
            }
            return false
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }
    }
}
