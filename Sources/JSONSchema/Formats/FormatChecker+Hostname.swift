extension FormatChecker {
    /// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 1–63 octets each,
    /// at most 253 in all. A label starting `xn--` must be a valid IDNA2008 A-label.
    static func isHostname(_ value: String) -> Bool {
        guard value.utf8.count <= 253 else { return false }
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        var decoded: [[UInt32]] = []
        for label in labels {
            guard isLDHLabel(label) else { return false }
            if hasACEPrefix(label) {
                guard let uLabel = uLabel(fromALabel: label) else { return false }
                decoded.append(uLabel)
            } else {
                decoded.append(label.unicodeScalars.map(\.value))
            }
        }
        return satisfiesBidiRule(decoded)
    }

    /// RFC 5890 internationalized host name: labels separated by any of the four full stops IDNA
    /// recognizes; each is an LDH label, a valid A-label, or a valid U-label.
    static func isIDNHostname(_ value: String) -> Bool {
        let labels = value.unicodeScalars.split(
            omittingEmptySubsequences: false, whereSeparator: { [0x2E, 0x3002, 0xFF0E, 0xFF61].contains($0.value) })
        var decoded: [[UInt32]] = []
        var asciiLength = labels.count - 1
        for label in labels {
            let string = Substring(label)
            if label.allSatisfy(\.isASCII) {
                guard isLDHLabel(string) else { return false }
                if hasACEPrefix(string) {
                    guard let uLabel = uLabel(fromALabel: string) else { return false }
                    decoded.append(uLabel)
                } else {
                    decoded.append(label.map(\.value))
                }
                asciiLength += label.count
            } else {
                let values = label.map(\.value)
                guard IDNA.isValidULabel(values) else { return false }
                let aLabelLength = 4 + Punycode.encode(values).utf8.count
                guard aLabelLength <= 63 else { return false }
                decoded.append(values)
                asciiLength += aLabelLength
            }
        }
        return asciiLength <= 253 && satisfiesBidiRule(decoded)
    }

    /// A non-empty label of at most 63 letters, digits and hyphens, not starting or ending with `-`.
    private static func isLDHLabel(_ label: Substring) -> Bool {
        let bytes = label.utf8
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-")
        else { return false }
        return bytes.allSatisfy { $0.isASCIILetter || $0.isDigit || $0 == UInt8(ascii: "-") }
    }

    private static func hasACEPrefix(_ label: Substring) -> Bool {
        label.utf8.count >= 4 && label.prefix(4).lowercased() == "xn--"
    }

    /// Decodes and checks an A-label: valid Punycode that re-encodes to itself, decodes to at least one
    /// non-ASCII code point, and forms a valid U-label.
    private static func uLabel(fromALabel label: Substring) -> [UInt32]? {
        let encoded = label.dropFirst(4)
        guard let values = Punycode.decode(encoded), values.contains(where: { $0 >= 0x80 }),
            Punycode.encode(values).lowercased() == encoded.lowercased(), IDNA.isValidULabel(values)
        else { return nil }
        return values
    }

    /// RFC 5893: only names with a right-to-left label are subject to the Bidi rule, in every label.
    private static func satisfiesBidiRule(_ labels: [[UInt32]]) -> Bool {
        guard labels.contains(where: IDNA.isRightToLeft) else { return true }
        return labels.allSatisfy(IDNA.satisfiesBidiRule)
    }
}
