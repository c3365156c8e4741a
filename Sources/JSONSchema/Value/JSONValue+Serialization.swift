extension JSONValue {
    /// Compact JSON text: members in order, numbers exactly as written, strings escaped per RFC 8259
    /// (quote, backslash and control characters; everything else is written as UTF-8).
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(to: &output, limit: .max)
        return output
    }

    /// At most about `maxBytes` of the compact text, for messages: large or deep values are cut short
    /// (and ended with "...") without serializing them whole.
    func preview(maxBytes: Int) -> String {
        var output: [UInt8] = []
        write(to: &output, limit: maxBytes)
        guard output.count > maxBytes else { return String(decoding: output, as: UTF8.self) }
        var cut = maxBytes - 3
        // Do not split a UTF-8 sequence.
        while cut > 0 && output[cut] & 0xC0 == 0x80 { cut -= 1 }
        return String(decoding: output[..<cut], as: UTF8.self) + "..."
    }

    /// The compact JSON text as a `String`.
    public var jsonText: String { String(decoding: serialized(), as: UTF8.self) }

    /// A container being written: its elements or members and the next one to write.
    private enum Frame {
        case array([JSONValue], Int)
        case object(JSONObject, Int)
    }

    /// Writes the value with an explicit stack instead of recursion, so depth costs no call stack. A
    /// preview (`limit` < .max) stops once it has enough and writes "..." for anything nested deeper than 32.
    private func write(to output: inout [UInt8], limit: Int) {
        var stack: [Frame] = []
        var next: JSONValue? = self
        while true {
            if let value = next {
                next = nil
                if limit != .max && stack.count > 32 {
                    output.append(contentsOf: "...".utf8)
                } else {
                    switch value {
                    case .null: output.append(contentsOf: "null".utf8)
                    case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
                    case .number(let number): output.append(contentsOf: number.literal.utf8)
                    case .string(let string): Self.writeString(string, to: &output)
                    case .array(let elements):
                        output.append(UInt8(ascii: "["))
                        stack.append(.array(elements, 0))
                    case .object(let object):
                        output.append(UInt8(ascii: "{"))
                        stack.append(.object(object, 0))
                    }
                }
            }
            if output.count > limit { return }
            guard let frame = stack.popLast() else { return }
            switch frame {
            case .array(let elements, let index):
                if index == elements.count {
                    output.append(UInt8(ascii: "]"))
                } else {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    stack.append(.array(elements, index + 1))
                    next = elements[index]
                }
            case .object(let object, let index):
                if index == object.count {
                    output.append(UInt8(ascii: "}"))
                } else {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    Self.writeString(object.keys[index], to: &output)
                    output.append(UInt8(ascii: ":"))
                    stack.append(.object(object, index + 1))
                    next = object.values[index]
                }
            }
        }
    }

    static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
