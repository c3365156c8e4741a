/// RFC 3986 URI references, as far as schema identification needs them: split, resolve, strip fragments.
struct URIReference {
    var scheme: Substring?
    var authority: Substring?
    var path: Substring
    var query: Substring?
    var fragment: Substring?

    /// Splits a reference into its five components (RFC 3986 appendix B).
    init(_ text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isLetter,
            rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        {
            scheme = rest[..<colon]
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let end = rest[afterSlashes...].firstIndex(of: "/") ?? rest.endIndex
            authority = rest[afterSlashes..<end]
            rest = rest[end...]
        }
        path = rest
    }

    /// The reference written back as text.
    var text: String {
        var result = ""
        if let scheme { result += scheme + ":" }
        if let authority { result += "//" + authority }
        result += path
        if let query { result += "?" + query }
        if let fragment { result += "#" + fragment }
        return result
    }

    /// `reference` resolved against `base` (RFC 3986 §5.2.2). An empty base leaves relative references
    /// as they are, which is how a schema without any identifier names its own parts.
    static func resolve(_ reference: String, against base: String) -> String {
        let ref = URIReference(reference)
        if base.isEmpty { return ref.text }
        let base = URIReference(base)
        var target = ref
        if ref.scheme != nil {
            target.path = Substring(removeDotSegments(ref.path))
        } else {
            target.scheme = base.scheme
            if ref.authority != nil {
                target.path = Substring(removeDotSegments(ref.path))
            } else {
                target.authority = base.authority
                if ref.path.isEmpty {
                    target.path = base.path
                    target.query = ref.query ?? base.query
                } else if ref.path.hasPrefix("/") {
                    target.path = Substring(removeDotSegments(ref.path))
                } else {
                    let merged: String
                    if base.authority != nil && base.path.isEmpty {
                        merged = "/" + ref.path
                    } else if let slash = base.path.lastIndex(of: "/") {
                        merged = String(base.path[...slash]) + ref.path
                    } else {
                        merged = String(ref.path)
                    }
                    // Non-hierarchical bases (urn:, tag:) have no dot segments to remove.
                    target.path = Substring(
                        base.authority != nil || base.path.hasPrefix("/")
                            ? removeDotSegments(Substring(merged)) : merged)
                }
            }
        }
        return target.text
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: Substring) -> String {
        guard path.contains(".") else { return String(path) }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let absolute = path.hasPrefix("/")
        for (position, segment) in segments.enumerated() {
            if position == 0 && absolute { continue }
            let last = position == segments.count - 1
            if segment == "." {
                if last { output.append("") }
            } else if segment == ".." {
                if !output.isEmpty { output.removeLast() }
                if last { output.append("") }
            } else {
                output.append(segment)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }

    /// Splits "uri#fragment" into the URI without fragment and the (still percent-encoded) fragment.
    static func splitFragment(_ uri: String) -> (base: String, fragment: String) {
        guard let hash = uri.firstIndex(of: "#") else { return (uri, "") }
        return (String(uri[..<hash]), String(uri[uri.index(after: hash)...]))
    }

    /// Decodes %XX escapes (invalid escapes are kept as written).
    static func percentDecode(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count, let high = hex(utf8[index + 1]),
                let low = hex(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
