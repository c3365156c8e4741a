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
        // Digits come out last first: write them backwards into a 24-byte buffer on the stack, then copy
        // them in one go, rather than building a String.
        var rest = value
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            bytes.append(contentsOf: buffer[(24 - count)..<24])
        }
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
