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
        try json.withUnsafeBufferPointer { bytes throws(MalformedJSON) in
            var parser = Parser(scanner: JSONTokenScanner(bytes: bytes))
            var entries: [Entry] = []
            var path: [String] = []
            try parser.value(path: &path, into: &entries)
            parser.scanner.skipWhitespace()
            guard parser.scanner.current == nil else { throw MalformedJSON(offset: parser.scanner.index) }
            return entries
        }
    }

    /// Reads values into entries, stepping over what it does not decode with its ``JSONTokenScanner``.
    private struct Parser {
        var scanner: JSONTokenScanner
        var bytes: UnsafeBufferPointer<UInt8> { scanner.bytes }
        var index: Int {
            get { scanner.index }
            set { scanner.index = newValue }
        }

        /// Where the text stopped making sense.
        var malformed: MalformedJSON { MalformedJSON(offset: index) }

        mutating func value(path: inout [String], into entries: inout [Entry]) throws(MalformedJSON) {
            scanner.skipWhitespace()
            guard let first = scanner.current else { throw malformed }
            var escapes = false
            switch first {
            case UInt8(ascii: "{"):
                let start = index
                index += 1
                scanner.skipWhitespace()
                if scanner.current == UInt8(ascii: "}") {
                    index += 1
                    entries.append(Entry(path: path, leaf: .json(text(from: start))))
                    return
                }
                while true {
                    scanner.skipWhitespace()
                    let key = try string()
                    scanner.skipWhitespace()
                    guard scanner.current == UInt8(ascii: ":") else { throw malformed }
                    index += 1
                    path.append(key)
                    try value(path: &path, into: &entries)
                    path.removeLast()
                    scanner.skipWhitespace()
                    switch scanner.current {
                    case UInt8(ascii: ","): index += 1
                    case UInt8(ascii: "}"):
                        index += 1
                        return
                    default: throw malformed
                    }
                }
            case UInt8(ascii: "["):
                let start = index
                guard scanner.skipComposite(escapes: &escapes) else { throw malformed }
                entries.append(Entry(path: path, leaf: .json(text(from: start))))
            case UInt8(ascii: "\""):
                entries.append(Entry(path: path, leaf: .string(try string())))
            case UInt8(ascii: "t"):
                guard scanner.skipLiteral("true") else { throw malformed }
                entries.append(Entry(path: path, leaf: .bool(true)))
            case UInt8(ascii: "f"):
                guard scanner.skipLiteral("false") else { throw malformed }
                entries.append(Entry(path: path, leaf: .bool(false)))
            case UInt8(ascii: "n"):
                guard scanner.skipLiteral("null") else { throw malformed }
                entries.append(Entry(path: path, leaf: .null))
            default:
                let start = index
                guard scanner.skipNumber() else { throw malformed }
                entries.append(Entry(path: path, leaf: .number(text(from: start))))
            }
        }

        /// The bytes from `start` to `index`, as text.
        func text(from start: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        /// Reads a string starting at its opening quote and returns it unescaped.
        mutating func string() throws(MalformedJSON) -> String {
            let start = index
            var escapes = false
            guard scanner.skipString(escapes: &escapes) else { throw malformed }
            let content = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(index - 1)])
            guard escapes else { return String(decoding: content, as: UTF8.self) }
            // The scanner has checked the escapes; this only decodes them.
            var text: [UInt8] = []
            text.reserveCapacity(content.count)
            var position = 0
            while position < content.count {
                let byte = content[position]
                position += 1
                guard byte == UInt8(ascii: "\\") else {
                    text.append(byte)
                    continue
                }
                let escape = content[position]
                position += 1
                switch escape {
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = Self.hex4(content, at: position)
                    position += 4
                    if (0xD800..<0xDC00).contains(scalar), position + 5 < content.count,
                        content[position] == UInt8(ascii: "\\"), content[position + 1] == UInt8(ascii: "u")
                    {
                        let low = Self.hex4(content, at: position + 2)
                        position += 6
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    text.append(
                        contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                default: text.append(escape)
                }
            }
            return String(decoding: text, as: UTF8.self)
        }

        /// The four hexadecimal digits at `position`, which the scanner has checked.
        static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> UInt32 {
            (position..<position + 4).reduce(0) { $0 << 4 | JSONTokenScanner.hexValue(bytes[$1])! }
        }
    }
}
