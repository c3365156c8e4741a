/// An exact decimal, `sign × digits × 10^exponent`, for the rare comparisons `Double` cannot settle.
///
/// Only built on slow paths (equal `Double`s, big integers, decimal `multipleOf`), so it may allocate.
struct DecimalValue {
    /// -1, 0 or 1.
    var sign: Int
    /// Significant digits, most significant first, without leading or trailing zeros (empty for zero).
    var digits: [UInt8]
    /// Power of ten applied to `digits`.
    var exponent: Int

    /// Parses a literal already known to follow the JSON number grammar.
    init(_ literal: String) {
        var negative = false
        var digits: [UInt8] = []
        var fractionDigits = 0
        var exponent = 0
        var inFraction = false
        var iterator = literal.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                var expNegative = false
                var value = 0
                while let next = iterator.next() {
                    if next == UInt8(ascii: "-") {
                        expNegative = true
                    } else if next != UInt8(ascii: "+") {
                        if value < 1 << 40 { value = value * 10 + Int(next - UInt8(ascii: "0")) }
                    }
                }
                exponent = expNegative ? -value : value
            default:
                if !(digits.isEmpty && byte == UInt8(ascii: "0")) { digits.append(byte - UInt8(ascii: "0")) }
                if inFraction { fractionDigits += 1 }
            }
        }
        exponent -= fractionDigits
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        self.digits = digits
        self.exponent = digits.isEmpty ? 0 : exponent
        self.sign = digits.isEmpty ? 0 : (negative ? -1 : 1)
    }

    /// -1, 0 or 1 as `self` is less than, equal to or greater than `other`.
    func compare(_ other: DecimalValue) -> Int {
        if sign != other.sign { return sign < other.sign ? -1 : 1 }
        if sign == 0 { return 0 }
        return sign * compareMagnitude(other)
    }

    private func compareMagnitude(_ other: DecimalValue) -> Int {
        // The position of the leading digit decides first, then the digits themselves.
        let leading = digits.count + exponent
        let otherLeading = other.digits.count + other.exponent
        if leading != otherLeading { return leading < otherLeading ? -1 : 1 }
        for index in 0..<max(digits.count, other.digits.count) {
            let left = index < digits.count ? digits[index] : 0
            let right = index < other.digits.count ? other.digits[index] : 0
            if left != right { return left < right ? -1 : 1 }
        }
        return 0
    }

    /// Whether `self / divisor` is an integer; `divisor` must be non-zero.
    func isMultiple(of divisor: DecimalValue) -> Bool {
        if sign == 0 { return true }
        if divisor.sign == 0 { return false }
        // Bring both to the smaller exponent: self = A × 10^e, divisor = B × 10^e with integers A and B.
        let common = min(exponent, divisor.exponent)
        var zerosOnSelf = exponent - common
        let zerosOnDivisor = divisor.exponent - common
        if zerosOnDivisor > 0 && zerosOnDivisor > digits.count { return false }  // B has more digits than A
        // Past this many extra zeros, more powers of ten cannot change divisibility (the 2s and 5s in B
        // are used up, and the rest of B is coprime with 10), so cap the work for huge exponents.
        let divisorDigits = divisor.digits.count + zerosOnDivisor
        zerosOnSelf = min(zerosOnSelf, 4 * divisorDigits + 4)
        var modulus = BigUInt(digits: divisor.digits)
        for _ in 0..<zerosOnDivisor { modulus.multiplyAdd(10, 0) }
        var remainder = BigUInt()
        func feed(_ digit: UInt8) {
            remainder.multiplyAdd(10, UInt32(digit))
            while remainder >= modulus { remainder.subtract(modulus) }
        }
        for digit in digits { feed(digit) }
        for _ in 0..<zerosOnSelf { feed(0) }
        return remainder.isZero
    }
}

/// Just enough of an unsigned big integer for `DecimalValue.isMultiple(of:)`.
struct BigUInt: Comparable {
    /// Little-endian 32-bit limbs, without high zero limbs.
    var limbs: [UInt32] = []

    init() {}

    init(digits: [UInt8]) {
        for digit in digits { multiplyAdd(10, UInt32(digit)) }
    }

    var isZero: Bool { limbs.isEmpty }

    /// self = self × factor + addend.
    mutating func multiplyAdd(_ factor: UInt32, _ addend: UInt32) {
        var carry = UInt64(addend)
        for index in limbs.indices {
            let product = UInt64(limbs[index]) * UInt64(factor) + carry
            limbs[index] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
    }

    /// self = self − other; requires self ≥ other.
    mutating func subtract(_ other: BigUInt) {
        var borrow: Int64 = 0
        for index in limbs.indices {
            var value = Int64(limbs[index]) - borrow - (index < other.limbs.count ? Int64(other.limbs[index]) : 0)
            borrow = 0
            if value < 0 {
                value += 1 << 32
                borrow = 1
            }
            limbs[index] = UInt32(value)
        }
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    static func < (lhs: BigUInt, rhs: BigUInt) -> Bool {
        if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count }
        for index in lhs.limbs.indices.reversed() where lhs.limbs[index] != rhs.limbs[index] {
            return lhs.limbs[index] < rhs.limbs[index]
        }
        return false
    }
}
