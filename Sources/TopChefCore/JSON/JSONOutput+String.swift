extension JSONOutput {
    /// Which control characters a string spells with a two-character escape; the others become `\u00XX`.
    ///
    /// Both are valid JSON and decode the same. There are two because each output kept the form it was
    /// first written with, and changing either would change bytes that tests and stored exports compare.
    public enum ControlEscapes: Sendable {
        /// `\b`, `\f`, `\n`, `\r` and `\t`, as Python's `json.dumps` writes them: the HTTP contract.
        case python
        /// `\n`, `\r` and `\t` only: provenance JSON and the exports (which `TopChefTools` reproduces).
        case newlinesAndTabs
    }

    /// Appends `text` as a JSON string, escaping quotes, backslashes and control characters. Other bytes,
    /// non-ASCII UTF-8 included, are copied as they are.
    @inlinable
    public mutating func string(_ text: String, escaping: ControlEscapes = .python) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Most strings need no escaping: copy the runs between escapes whole, so a clean string is
            // one scan and one copy.
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                escape(byte, escaping)
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the escape of one byte that cannot appear as is in a JSON string.
    @usableFromInline
    mutating func escape(_ byte: UInt8, _ escaping: ControlEscapes) {
        if let sequence = Self.escapeSequence(of: byte, escaping) {
            raw(sequence)
        } else {
            raw("\\u00")
            bytes.append(Self.hexDigit(byte >> 4))
            bytes.append(Self.hexDigit(byte & 0x0F))
        }
    }
}
