/// The UTF-8 bytes of the string being matched; positions are byte offsets at scalar boundaries.
///
/// Swift strings are always valid UTF-8, so decoding needs no error handling.
struct RegexInput {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    /// The scalar starting at `position` (which must be before the end) and its length in bytes.
    @inline(__always)
    func scalar(at position: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(bytes[position])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 {
            return ((lead & 0x1F) << 6 | UInt32(bytes[position + 1] & 0x3F), 2)
        }
        if lead < 0xF0 {
            return (
                (lead & 0x0F) << 12 | UInt32(bytes[position + 1] & 0x3F) << 6 | UInt32(bytes[position + 2] & 0x3F), 3
            )
        }
        let value =
            (lead & 0x07) << 18 | UInt32(bytes[position + 1] & 0x3F) << 12
            | UInt32(bytes[position + 2] & 0x3F) << 6 | UInt32(bytes[position + 3] & 0x3F)
        return (value, 4)
    }

    /// The scalar ending at `position` (which must be after the start) and its length in bytes.
    @inline(__always)
    func scalar(before position: Int) -> (value: UInt32, length: Int) {
        var start = position - 1
        while bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return (scalar(at: start).value, position - start)
    }

    /// Whether the assertion holds at `position`.
    @inline(__always)
    func holds(_ assertion: RegexAssertion, at position: Int) -> Bool {
        switch assertion {
        case .start: return position == 0
        case .end: return position == bytes.count
        case .wordBoundary, .notWordBoundary:
            // Word characters are ASCII, and no byte of a multi-byte scalar is ASCII, so bytes suffice.
            let before = position > 0 && RegexCharSet.isWordCharacter(UInt32(bytes[position - 1]))
            let after = position < bytes.count && RegexCharSet.isWordCharacter(UInt32(bytes[position]))
            return (before != after) == (assertion == .wordBoundary)
        }
    }
}
