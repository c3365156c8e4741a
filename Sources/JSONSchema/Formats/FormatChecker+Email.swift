extension FormatChecker {
    /// RFC 5321 `Mailbox` (`local-part@domain`), or RFC 6531's internationalized form, which also
    /// allows non-ASCII in the local part and U-labels in the domain.
    static func isEmail(_ value: String, international: Bool) -> Bool {
        let scalars = Array(value.unicodeScalars)
        guard let at = scalars.lastIndex(of: "@"), at > 0, at < scalars.count - 1 else { return false }
        let local = scalars[..<at]
        let domain = scalars[(at + 1)...]
        // RFC 5321 section 4.5.3.1.1: a local part is at most 64 octets.
        guard local.reduce(0, { $0 + UTF8.width($1) }) <= 64 else { return false }
        guard isLocalPart(local, international: international) else { return false }
        if domain.first == "[" {
            guard domain.last == "]" else { return false }
            let literal = domain.dropFirst().dropLast()
            guard literal.allSatisfy(\.isASCII) else { return false }
            let bytes = literal.map { UInt8($0.value) }[...]
            if bytes.starts(with: "IPv6:".utf8) { return isIPv6(bytes.dropFirst(5)) }
            return isIPv4(bytes)
        }
        let host = String(String.UnicodeScalarView(domain))
        return international ? isIDNHostname(host) : isHostname(host)
    }

    private static func isLocalPart(_ local: ArraySlice<Unicode.Scalar>, international: Bool) -> Bool {
        if local.first == "\"" {
            // Quoted-string: printable ASCII except `"` and `\`, or a backslash pair.
            guard local.count >= 2, local.last == "\"" else { return false }
            var inner = local.dropFirst().dropLast()
            while let scalar = inner.popFirst() {
                if scalar == "\\" {
                    guard let escaped = inner.popFirst(), (0x20...0x7E).contains(escaped.value) else { return false }
                } else if scalar == "\"" {
                    return false
                } else if !(0x20...0x7E).contains(scalar.value) && !(international && scalar.value >= 0x80) {
                    return false
                }
            }
            return true
        }
        // Dot-string: atoms of atext separated by single dots.
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in
            !atom.isEmpty
                && atom.allSatisfy { scalar in
                    if scalar.value >= 0x80 { return international }
                    let byte = UInt8(scalar.value)
                    return byte.isASCIILetter || byte.isDigit || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
                }
        }
    }
}
