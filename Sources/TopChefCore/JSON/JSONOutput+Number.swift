extension JSONOutput {
    /// Appends a decimal integer.
    @inlinable
    public mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // The magnitude is unsigned, so Int64.min needs no special case.
        unsignedInteger(value.magnitude)
    }

    /// Appends a decimal integer. (A separate name, not an overload of ``integer(_:)``: an integer literal
    /// would match both.)
    @inlinable
    public mutating func unsignedInteger(_ value: UInt64) {
        appendSpelled(Self.decimalLength(value)) { Self.spellDecimal(value, into: $0) }
    }

    /// Appends `value` in decimal, zero-padded on the left to `width` digits. Wider values are written in
    /// full and negative ones as `String` pads them, exactly as `Timestamp.iso8601` spells the same field.
    @inlinable
    public mutating func paddedInteger(_ value: Int64, width: Int) {
        var limit: Int64 = 1
        for _ in 0..<width { limit *= 10 }
        guard value >= 0 && value < limit else {
            let digits = Array(String(value).utf8)
            for _ in digits.count..<max(width, digits.count) { bytes.append(UInt8(ascii: "0")) }
            bytes.append(contentsOf: digits)
            return
        }
        var divisor = limit / 10
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
