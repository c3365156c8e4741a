/// The JSON number grammar (RFC 8259 §6), shared by the parser and `JSONNumber(literal:)`.
enum NumberSyntax {
    /// What the scanner learns about a literal without allocating.
    struct Shape {
        /// No fraction and no exponent.
        var isIntegerLiteral: Bool
        /// The value is mathematically an integer.
        var isIntegralValue: Bool
        /// Digits after leading zeros are dropped (an upper bound for integer literals' magnitude).
        var significantDigits: Int
        /// Bytes consumed.
        var length: Int
    }

    /// Scans a number at the start of `bytes`; returns nil when it is not a number or when `whole` is
    /// true and bytes remain after it.
    static func scan(_ bytes: [UInt8], whole: Bool = true) -> Shape? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let shape = scan(buffer, from: 0) else { return nil }
            return !whole || shape.length == buffer.count ? shape : nil
        }
    }

    /// Scans a number starting at `start`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Shape? {
        var index = start
        let end = bytes.count
        @inline(__always) func isDigit(_ index: Int) -> Bool {
            index < end && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
        }
        if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { return nil }
        var digitsTotal = 0
        var significant = 0
        var trailingZeros = 0
        var fractionDigits = 0
        var integerLiteral = true
        func takeDigit(_ byte: UInt8) {
            digitsTotal += 1
            if byte == UInt8(ascii: "0") {
                trailingZeros += 1
                if significant > 0 { significant += 1 }
            } else {
                trailingZeros = 0
                significant += 1
            }
        }
        if bytes[index] == UInt8(ascii: "0") {
            takeDigit(bytes[index])
            index += 1
        } else {
            while isDigit(index) {
                takeDigit(bytes[index])
                index += 1
            }
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            integerLiteral = false
            index += 1
            guard isDigit(index) else { return nil }
            while isDigit(index) {
                takeDigit(bytes[index])
                fractionDigits += 1
                index += 1
            }
        }
        var exponent = 0
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integerLiteral = false
            index += 1
            var negative = false
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                negative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard isDigit(index) else { return nil }
            while isDigit(index) {
                // Saturate: an exponent this large already decides every question we ask.
                if exponent < 1 << 40 { exponent = exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                index += 1
            }
            if negative { exponent = -exponent }
        }
        let isZero = significant == 0
        let integral = isZero || exponent - fractionDigits + trailingZeros >= 0
        return Shape(
            isIntegerLiteral: integerLiteral, isIntegralValue: integral, significantDigits: significant,
            length: index - start)
    }
}
