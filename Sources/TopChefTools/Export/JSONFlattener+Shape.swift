extension JSONFlattener {
    /// Writes into `shape` the shape of `json`: its object keys (as written) and structure, each leaf
    /// reduced to `v`. Documents of the same shape have the same leaf paths, so ``FlatColumns`` flattens one
    /// document per shape instead of every job's. Returns false, for the caller to flatten the document
    /// itself, on anything unusual (an escaped string, malformed JSON): a document it accepts is one that
    /// ``flatten(_:)`` accepts too.
    static func shape(of json: [UInt8], into shape: inout [UInt8]) -> Bool {
        shape.removeAll(keepingCapacity: true)
        return json.withUnsafeBufferPointer { bytes in
            var scanner = JSONTokenScanner(bytes: bytes)
            guard Self.shape(of: &scanner, into: &shape) else { return false }
            scanner.skipWhitespace()
            return scanner.current == nil
        }
    }

    /// Writes the shape of the value at the scanner's position and steps over it.
    private static func shape(of scanner: inout JSONTokenScanner, into shape: inout [UInt8]) -> Bool {
        scanner.skipWhitespace()
        guard let first = scanner.current else { return false }
        var escapes = false
        switch first {
        case UInt8(ascii: "{"):
            scanner.index += 1
            shape.append(UInt8(ascii: "{"))
            scanner.skipWhitespace()
            if scanner.current == UInt8(ascii: "}") {
                scanner.index += 1
                shape.append(UInt8(ascii: "}"))
                return true
            }
            while true {
                scanner.skipWhitespace()
                let start = scanner.index
                guard scanner.skipString(escapes: &escapes), !escapes else { return false }
                shape.append(contentsOf: scanner.bytes[start..<scanner.index])
                scanner.skipWhitespace()
                guard scanner.current == UInt8(ascii: ":") else { return false }
                scanner.index += 1
                shape.append(UInt8(ascii: ":"))
                guard Self.shape(of: &scanner, into: &shape) else { return false }
                scanner.skipWhitespace()
                guard let separator = scanner.current,
                    separator == UInt8(ascii: ",") || separator == UInt8(ascii: "}")
                else { return false }
                scanner.index += 1
                shape.append(separator)
                if separator == UInt8(ascii: "}") { return true }
            }
        case UInt8(ascii: "["):
            guard scanner.skipComposite(escapes: &escapes), !escapes else { return false }
        case UInt8(ascii: "\""):
            guard scanner.skipString(escapes: &escapes), !escapes else { return false }
        case UInt8(ascii: "t"):
            guard scanner.skipLiteral("true") else { return false }
        case UInt8(ascii: "f"):
            guard scanner.skipLiteral("false") else { return false }
        case UInt8(ascii: "n"):
            guard scanner.skipLiteral("null") else { return false }
        default:
            guard scanner.skipNumber() else { return false }
        }
        shape.append(UInt8(ascii: "v"))
        return true
    }
}
