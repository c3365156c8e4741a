/// A JSON number, kept exactly as it was written.
///
/// Validation needs two things a `Double` cannot give: the distinction between `1` and `1.0` (draft 4
/// treats only the first as an integer) and exact comparison of integers beyond 64 bits and decimals
/// beyond `Double`'s precision. So the literal is kept, next to a `Double` for the fast paths.
///
/// Equality and hashing are numeric: `1`, `1.0` and `1e0` are equal, which is what `enum`, `const` and
/// `uniqueItems` require.
public struct JSONNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number as written in the document, or a canonical literal for numbers made in code.
    public let literal: String
    /// The nearest `Double` (±infinity when the literal is too large for one).
    public let doubleValue: Double
    /// The exact value when the literal is an integer literal that fits in 64 bits.
    let exactInt: Int64?
    /// The literal has no fraction and no exponent: an integer in draft 4's sense.
    public let isIntegerLiteral: Bool
    /// The mathematical value is an integer (`1.0` and `1e2` included): an integer in draft 6 and later.
    public let isIntegralValue: Bool

    /// Creates a number from an integer.
    public init(_ value: Int) {
        literal = String(value)
        doubleValue = Double(value)
        exactInt = Int64(value)
        isIntegerLiteral = true
        isIntegralValue = true
    }

    /// Creates a number from a finite `Double`; the literal is Swift's shortest round-trip form.
    ///
    /// JSON cannot write infinities or NaN, so passing one is a programming error and traps.
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON cannot represent \(value)")
        self.init(validLiteral: value.description)
    }

    /// Creates a number from a JSON number literal, or returns `nil` when `literal` is not one.
    public init?(literal: String) {
        guard NumberSyntax.scan(Array(literal.utf8)) != nil else { return nil }
        self.init(validLiteral: literal)
    }

    /// Creates a number from a literal already checked against the JSON grammar.
    init(validLiteral literal: String) {
        let bytes = Array(literal.utf8)
        let shape = NumberSyntax.scan(bytes)!
        self.init(literal: literal, shape: shape, bytes: bytes)
    }

    /// Creates a number from its literal and the shape the scanner found.
    init(literal: String, shape: NumberSyntax.Shape, bytes: some Collection<UInt8>) {
        self.literal = literal
        isIntegerLiteral = shape.isIntegerLiteral
        isIntegralValue = shape.isIntegralValue
        if shape.isIntegerLiteral, shape.significantDigits <= 18 {
            var value: Int64 = 0
            var negative = false
            for byte in bytes {
                if byte == UInt8(ascii: "-") {
                    negative = true
                } else {
                    value = value * 10 + Int64(byte &- UInt8(ascii: "0"))
                }
            }
            if negative { value = -value }
            exactInt = value
            doubleValue = Double(value)
        } else {
            exactInt = nil
            doubleValue = Self.fastDouble(bytes) ?? Double(literal) ?? .nan
        }
    }

    /// The nearest `Double` to a JSON number literal, without `strtod`, when the literal's digits fit in
    /// 2^53 and its decimal exponent (after moving the point behind the last digit) is within ±22; else nil.
    ///
    /// Clinger's fast path: both the digits and the power of ten are then exact `Double`s, and one IEEE
    /// multiplication or division rounds their exact product or quotient correctly. Job parameters are
    /// mostly such numbers (`12.5`, `1e-05`, `780.2`), and `strtod` was a tenth of parsing them.
    ///
    /// `bytes` must be a valid JSON number (as `NumberSyntax.scan` checks first): other input gives a
    /// meaningless value, not nil.
    static func fastDouble(_ bytes: some Collection<UInt8>) -> Double? {
        var digits: UInt64 = 0
        var digitCount = 0
        var exponent = 0
        var negative = false
        var iterator = bytes.makeIterator()
        var byte = iterator.next()
        if byte == UInt8(ascii: "-") {
            negative = true
            byte = iterator.next()
        }
        var inFraction = false
        while let current = byte {
            if current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9") {
                // Leading zeros add nothing; 19 digits always fit in 64 bits.
                if digits != 0 || current != UInt8(ascii: "0") { digitCount += 1 }
                guard digitCount <= 19 else { return nil }
                digits = digits &* 10 &+ UInt64(current &- UInt8(ascii: "0"))
                if inFraction { exponent -= 1 }
            } else if current == UInt8(ascii: ".") {
                inFraction = true
            } else {
                break
            }
            byte = iterator.next()
        }
        if let marker = byte, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            var exponentValue = 0
            var exponentNegative = false
            byte = iterator.next()
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                exponentNegative = byte == UInt8(ascii: "-")
                byte = iterator.next()
            }
            while let current = byte {
                exponentValue = exponentValue * 10 + Int(current &- UInt8(ascii: "0"))
                guard exponentValue <= 400 else { return nil }
                byte = iterator.next()
            }
            exponent += exponentNegative ? -exponentValue : exponentValue
        }
        guard digits <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
        let magnitude =
            exponent >= 0
            ? Double(digits) * Self.exactPowersOfTen[exponent] : Double(digits) / Self.exactPowersOfTen[-exponent]
        return negative ? -magnitude : magnitude
    }

    /// 10^0 through 10^22: the powers of ten that a `Double` holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// The literal, as written.
    public var description: String { literal }

    /// Whether the number is an integer for `type: "integer"` in `draft`: draft 4 counts only integer
    /// literals (`1`, not `1.0`), later drafts count any number whose value is an integer.
    public func isInteger(in draft: Draft) -> Bool {
        draft == .draft4 ? isIntegerLiteral : isIntegralValue
    }

    /// Numeric equality, exact for any size and precision.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        // Equal values always round to the same Double, so differing Doubles settle it.
        guard lhs.doubleValue == rhs.doubleValue else { return false }
        if let left = lhs.exactInt, let right = rhs.exactInt { return left == right }
        return DecimalValue(lhs.literal).compare(DecimalValue(rhs.literal)) == 0
    }

    /// Hashes the nearest `Double`, which equal numbers share whatever their literal.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(doubleValue == 0 ? 0 : doubleValue)
    }

    /// Numeric order, exact for any size and precision.
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// -1, 0 or 1 as `lhs` is less than, equal to or greater than `rhs`, exactly.
    static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        // Rounding to Double is monotonic: when the Doubles differ they order the exact values too.
        if lhs.doubleValue < rhs.doubleValue { return -1 }
        if lhs.doubleValue > rhs.doubleValue { return 1 }
        return slowCompare(lhs, rhs)
    }

    static func slowCompare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        if let left = lhs.exactInt, let right = rhs.exactInt { return left < right ? -1 : (left == right ? 0 : 1) }
        return DecimalValue(lhs.literal).compare(DecimalValue(rhs.literal))
    }

    /// Whether `self` is an integer multiple of `divisor` (which must be positive), computed exactly.
    public func isMultiple(of divisor: JSONNumber) -> Bool {
        if let value = exactInt, let step = divisor.exactInt, step != 0 { return value % step == 0 }
        return DecimalValue(literal).isMultiple(of: DecimalValue(divisor.literal))
    }

    /// Whether the value is greater than zero.
    var isPositive: Bool { doubleValue > 0 || (doubleValue == 0 && DecimalValue(literal).sign > 0) }
}
