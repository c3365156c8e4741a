/// Checks the `format` keyword's vocabulary in assertion mode.
///
/// Each checker works on the string's scalars or UTF-8 bytes directly (no Foundation, no regular
/// expressions) and follows the RFC the JSON Schema specification names for the format.
enum FormatChecker {
    /// True when `value` conforms to `format`, or when the format is unknown (formats are open-ended).
    static func check(format: String, string value: String) -> Bool {
        switch format {
        case "date-time": return isDateTime(value)
        case "date": return isFullDate(Array(value.utf8)[...])
        case "time": return isFullTime(Array(value.utf8)[...])
        case "duration": return isDuration(value)
        case "email": return isEmail(value, international: false)
        case "idn-email": return isEmail(value, international: true)
        case "hostname": return isHostname(value)
        case "idn-hostname": return isIDNHostname(value)
        case "ipv4": return isIPv4(Array(value.utf8)[...])
        case "ipv6": return isIPv6(Array(value.utf8)[...])
        case "uri": return isURI(value, reference: false, international: false)
        case "uri-reference": return isURI(value, reference: true, international: false)
        case "iri": return isURI(value, reference: false, international: true)
        case "iri-reference": return isURI(value, reference: true, international: true)
        case "uuid": return isUUID(value)
        case "json-pointer": return isJSONPointer(value.unicodeScalars[...])
        case "relative-json-pointer": return isRelativeJSONPointer(value)
        case "regex": return ECMARegex.isValid(value)
        case "uri-template": return isURITemplate(value)
        default: return true
        }
    }

    /// Formats this checker asserts; any other name passes every string.
    static let knownFormats: Set<String> = [
        "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
        "uri", "uri-reference", "iri", "iri-reference", "uuid", "json-pointer", "relative-json-pointer", "regex",
        "uri-template",
    ]

    /// `8-4-4-4-12` hex digits (RFC 4122 / 9562), any case, any version and variant.
    static func isUUID(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else if !byte.isHexDigit {
                return false
            }
        }
        return true
    }
}

extension UInt8 {
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isHexDigit: Bool { isDigit || (self | 0x20 >= 0x61 && self | 0x20 <= 0x66) }
    var isASCIILetter: Bool { self | 0x20 >= 0x61 && self | 0x20 <= 0x7A }
}
