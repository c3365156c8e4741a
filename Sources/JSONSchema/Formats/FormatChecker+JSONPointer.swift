extension FormatChecker {
    /// RFC 6901: empty, or `/`-prefixed reference tokens in which `~` is always `~0` or `~1`.
    static func isJSONPointer(_ scalars: Substring.UnicodeScalarView) -> Bool {
        guard let first = scalars.first else { return true }
        guard first == "/" else { return false }
        var iterator = scalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "~" {
                guard let next = iterator.next(), next == "0" || next == "1" else { return false }
            }
        }
        return true
    }

    /// Relative JSON Pointer: a non-negative integer without leading zeros, then `#` or a JSON Pointer.
    static func isRelativeJSONPointer(_ value: String) -> Bool {
        let scalars = value.unicodeScalars[...]
        let digits = scalars.prefix { $0.isASCII && ("0"..."9").contains($0) }
        guard !digits.isEmpty, digits.count == 1 || digits.first != "0" else { return false }
        let rest = scalars[digits.endIndex...]
        return rest.elementsEqual(["#"]) || isJSONPointer(Substring(rest).unicodeScalars)
    }

    /// RFC 6570 URI Template syntax (level 4): literals and `{operator varspec,…}` expressions.
    static func isURITemplate(_ value: String) -> Bool {
        var scalars = value.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "{":
                guard let close = scalars.firstIndex(of: "}"), isExpression(scalars[..<close]) else { return false }
                scalars = scalars[scalars.index(after: close)...]
            case "%":
                guard let high = scalars.popFirst(), let low = scalars.popFirst(), high.isASCII, low.isASCII,
                    UInt8(high.value).isHexDigit, UInt8(low.value).isHexDigit
                else { return false }
            default:
                // Any character but CTL, SP, DQUOTE, "<", ">", "\", "^", "`", "{", "|", "}" (the suite,
                // like common implementations, accepts the apostrophe RFC 6570 lists as excluded).
                if scalar.value <= 0x20 || scalar.value == 0x7F || "\"<>\\^`{|}".unicodeScalars.contains(scalar) {
                    return false
                }
            }
        }
        return true
    }

    private static func isExpression(_ expression: Substring.UnicodeScalarView.SubSequence) -> Bool {
        var body = expression
        if let first = body.first, "+#./;?&=,!@|".unicodeScalars.contains(first) { body = body.dropFirst() }
        let varspecs = body.split(separator: ",", omittingEmptySubsequences: false)
        return !varspecs.isEmpty && varspecs.allSatisfy(isVarspec)
    }

    private static func isVarspec(_ varspec: Substring.UnicodeScalarView.SubSequence) -> Bool {
        var name = varspec
        if varspec.last == "*" {
            name = varspec.dropLast()
        } else if let colon = varspec.firstIndex(of: ":") {
            let length = varspec[varspec.index(after: colon)...]
            guard (1...4).contains(length.count), length.first != "0",
                length.allSatisfy({ $0.isASCII && ("0"..."9").contains($0) })
            else { return false }
            name = varspec[..<colon]
        }
        // varname = varchar *( ["."] varchar ), varchar = ALPHA / DIGIT / "_" / pct-encoded
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.allSatisfy { part in
            var scalars = part
            guard !scalars.isEmpty else { return false }
            while let scalar = scalars.popFirst() {
                if scalar == "%" {
                    guard let high = scalars.popFirst(), let low = scalars.popFirst(), high.isASCII, low.isASCII,
                        UInt8(high.value).isHexDigit, UInt8(low.value).isHexDigit
                    else { return false }
                } else if !(scalar.isASCII
                    && (UInt8(scalar.value).isASCIILetter || UInt8(scalar.value).isDigit || scalar == "_"))
                {
                    return false
                }
            }
            return true
        }
    }
}
