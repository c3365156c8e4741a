/// Steps over the tokens of JSON text without decoding them: what ``JSONFlattener``'s parser and its
/// shape scanner share. Every step returns false, leaving `index` where the text stopped making sense, on
/// bytes it cannot step over.
struct JSONTokenScanner {
    /// The text.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var index = 0

    /// The byte at `index`, or nil at the end.
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Steps over spaces, tabs, carriage returns and line feeds.
    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    /// Steps over `word` (`true`, `false`, `null`).
    mutating func skipLiteral(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        for offset in 0..<count {
            guard index + offset < bytes.count, bytes[index + offset] == word.utf8Start[offset] else {
                index += offset
                return false
            }
        }
        index += count
        return true
    }

    /// Steps over the bytes a number may be made of; false when there is none.
    mutating func skipNumber() -> Bool {
        let start = index
        while let byte = current, Self.isNumberByte(byte) { index += 1 }
        return index > start
    }

    /// Steps over a string from its opening quote to after its closing one, and sets `escapes` when
    /// it holds a backslash escape. After a backslash any byte is taken, except that `\u` needs
    /// four hexadecimal digits (what the parser decodes).
    mutating func skipString(escapes: inout Bool) -> Bool {
        guard current == UInt8(ascii: "\"") else { return false }
        index += 1
        while let byte = current {
            index += 1
            if byte == UInt8(ascii: "\"") { return true }
            guard byte == UInt8(ascii: "\\") else { continue }
            escapes = true
            guard let escape = current else { return false }
            index += 1
            if escape == UInt8(ascii: "u") {
                for _ in 0..<4 {
                    guard let digit = current, Self.hexValue(digit) != nil else { return false }
                    index += 1
                }
            }
        }
        return false
    }

    /// Steps over an array or object from its opening bracket to after its closing one, strings included
    /// (setting `escapes` as ``skipString(escapes:)`` does). Brackets are only counted: what lies between them is the
    /// parser's business.
    mutating func skipComposite(escapes: inout Bool) -> Bool {
        var depth = 0
        repeat {
            guard let byte = current else { return false }
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                index += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                index += 1
            case UInt8(ascii: "\""):
                guard skipString(escapes: &escapes) else { return false }
            default:
                index += 1
            }
        } while depth > 0
        return true
    }

    /// Whether `byte` may be part of a number.
    static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// The value of a hexadecimal digit, or nil.
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }
}
