extension FormatChecker {
    /// RFC 3986 URI or URI-reference; with `international`, RFC 3987 IRI or IRI-reference (which also
    /// allow non-ASCII `ucschar`s, and `iprivate` in the query).
    static func isURI(_ value: String, reference: Bool, international: Bool) -> Bool {
        var rest = Array(value.unicodeScalars)[...]
        let allowed = URICharacters(international: international)
        if let hash = rest.firstIndex(of: "#") {
            guard allowed.all(rest[(hash + 1)...], extra: "/?:@", privateUse: false) else { return false }
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            guard allowed.all(rest[(question + 1)...], extra: "/?:@", privateUse: true) else { return false }
            rest = rest[..<question]
        }
        // A scheme is everything before the first ':' if no '/' comes first.
        let colon = rest.firstIndex(of: ":")
        let slash = rest.firstIndex(of: "/")
        if let colon, slash.map({ colon < $0 }) ?? true {
            guard isScheme(rest[..<colon]) else { return false }
            rest = rest[(colon + 1)...]
        } else if !reference {
            return false
        }
        if rest.starts(with: ["/", "/"]) {
            let authorityEnd = rest.dropFirst(2).firstIndex(of: "/") ?? rest.endIndex
            guard isAuthority(rest[(rest.startIndex + 2)..<authorityEnd], allowed) else { return false }
            rest = rest[authorityEnd...]
        }
        // What is left is a path; `:` in its first segment was taken for a scheme above, so any
        // relative path here has none (RFC 3986 path-noscheme).
        return allowed.all(rest, extra: "/:@", privateUse: false)
    }

    private static func isScheme(_ scheme: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = scheme.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return scheme.allSatisfy {
            $0.isASCII
                && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == ".")
        }
    }

    private static func isAuthority(_ authority: ArraySlice<Unicode.Scalar>, _ allowed: URICharacters) -> Bool {
        var host = authority
        if let at = authority.firstIndex(of: "@") {
            guard allowed.all(authority[..<at], extra: ":", privateUse: false) else { return false }
            host = authority[(at + 1)...]
        }
        if host.first == "[" {
            guard let close = host.firstIndex(of: "]") else { return false }
            let literal = host[(host.startIndex + 1)..<close]
            guard isIPLiteral(literal) else { return false }
            host = host[(close + 1)...]
            guard host.isEmpty || host.first == ":" else { return false }
        }
        if let colon = host.firstIndex(of: ":") {
            guard host[(colon + 1)...].allSatisfy({ ("0"..."9").contains($0) }) else { return false }
            host = host[..<colon]
        }
        return allowed.all(host, extra: "", privateUse: false)
    }

    /// `IPv6address / IPvFuture` inside brackets.
    private static func isIPLiteral(_ literal: ArraySlice<Unicode.Scalar>) -> Bool {
        if literal.first == "v" || literal.first == "V" {
            guard let dot = literal.firstIndex(of: "."), dot > literal.startIndex + 1, dot < literal.endIndex - 1
            else { return false }
            let version = literal[(literal.startIndex + 1)..<dot]
            guard version.allSatisfy({ $0.isASCII && UInt8($0.value).isHexDigit }) else { return false }
            return literal[(dot + 1)...].allSatisfy {
                URICharacters.isUnreserved($0) || URICharacters.isSubDelimiter($0) || $0 == ":"
            }
        }
        guard literal.allSatisfy(\.isASCII) else { return false }
        return isIPv6(literal.map { UInt8($0.value) }[...])
    }
}

/// The character classes of RFC 3986 (and RFC 3987 when `international`).
struct URICharacters {
    let international: Bool

    static func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        let byte = UInt8(scalar.value)
        return byte.isASCIILetter || byte.isDigit || "-._~".unicodeScalars.contains(scalar)
    }

    static func isSubDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        "!$&'()*+,;=".unicodeScalars.contains(scalar)
    }

    /// RFC 3987 `ucschar`, and `iprivate` when `privateUse`.
    private static func isInternational(_ value: UInt32, privateUse: Bool) -> Bool {
        switch value {
        case 0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF, 0xE1000...0xEFFFD: return true
        case 0x10000...0xDFFFD: return value & 0xFFFE != 0xFFFE
        case 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: return privateUse
        default: return false
        }
    }

    /// Whether every scalar is unreserved, a sub-delimiter, one of `extra`, or part of a valid `%XX`.
    func all(_ scalars: ArraySlice<Unicode.Scalar>, extra: String, privateUse: Bool) -> Bool {
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "%" {
                guard index + 2 < scalars.endIndex, isHex(scalars[index + 1]), isHex(scalars[index + 2])
                else { return false }
                index += 3
                continue
            }
            let valid =
                Self.isUnreserved(scalar) || Self.isSubDelimiter(scalar) || extra.unicodeScalars.contains(scalar)
                || (international && Self.isInternational(scalar.value, privateUse: privateUse))
            guard valid else { return false }
            index += 1
        }
        return true
    }

    private func isHex(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && UInt8(scalar.value).isHexDigit
    }
}
