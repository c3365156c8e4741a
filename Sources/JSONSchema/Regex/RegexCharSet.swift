/// A set of code points: a character class, `.`, or a class escape such as `\d`.
///
/// Ranges are kept sorted and merged so that a lookup is a binary search; ASCII, by far the most common
/// input, is answered from a 128-bit bitmap computed once.
struct RegexCharSet: Hashable, Sendable {
    /// Sorted, non-overlapping, non-adjacent ranges.
    private(set) var ranges: [ClosedRange<UInt32>] = []
    /// Properties from `\p{…}` / `\P{…}`, each possibly negated.
    private(set) var properties: [PropertyItem] = []
    /// `[^…]`: the set is the complement of the ranges and properties.
    private(set) var negated = false
    /// Membership of U+0000–U+007F, answered without touching the arrays.
    private(set) var ascii = RegexASCIIBitmap()

    /// One `\p{…}` (or `\P{…}` when `negated`) inside a set.
    struct PropertyItem: Hashable, Sendable {
        let property: RegexUnicodeProperty
        let negated: Bool
    }

    init() {}

    init(ranges: [ClosedRange<UInt32>], negated: Bool = false) {
        self.ranges = ranges
        self.negated = negated
        normalize()
    }

    /// Adds a range (call `normalize()` after the last change).
    mutating func add(_ range: ClosedRange<UInt32>) {
        ranges.append(range)
    }

    /// Adds every code point of `other`, which must not itself carry properties when negated.
    mutating func add(_ other: RegexCharSet) {
        if other.negated {
            ranges += Self.complement(other.ranges)
        } else {
            ranges += other.ranges
        }
        properties += other.properties
    }

    mutating func add(property: RegexUnicodeProperty, negated: Bool) {
        properties.append(PropertyItem(property: property, negated: negated))
    }

    mutating func invert() {
        negated.toggle()
        normalize()
    }

    /// Sorts and merges the ranges and fills the ASCII bitmap; required before `contains`.
    mutating func normalize() {
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        merged.reserveCapacity(ranges.count)
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        ranges = merged
        ascii = RegexASCIIBitmap()
        for value in UInt32(0)..<128 where slowContains(value) {
            ascii.insert(value)
        }
    }

    /// Whether some code point above U+007F may be in the set.
    var mayContainNonASCII: Bool {
        negated || !properties.isEmpty || (ranges.last?.upperBound ?? 0) >= 0x80
    }

    /// Whether the set holds `value`.
    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        value < 128 ? ascii.contains(value) : slowContains(value)
    }

    /// Membership by binary search and property lookup, for any code point.
    func slowContains(_ value: UInt32) -> Bool {
        var found = false
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if value < range.lowerBound {
                high = middle
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                found = true
                break
            }
        }
        if !found {
            found = properties.contains { $0.property.contains(value) != $0.negated }
        }
        return found != negated
    }

    /// The code points (up to U+10FFFF) outside sorted, merged `ranges`.
    static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound + 1
        }
        if next <= 0x10FFFF { result.append(next...0x10FFFF) }
        return result
    }
}

extension RegexCharSet {
    /// `\d`: ASCII digits only, as ECMA-262 defines it even in unicode mode.
    static let digits = RegexCharSet(ranges: [0x30...0x39])
    /// `\w`: `[A-Za-z0-9_]` (no case folding because JSON Schema patterns have no `i` flag).
    static let word = RegexCharSet(ranges: [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// `\s`: ECMA-262 WhiteSpace and LineTerminator, which include U+FEFF and every Zs.
    static let space = RegexCharSet(ranges: [
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
        0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    /// `.` without the `s` flag: everything but the four line terminators.
    static let dot = RegexCharSet(ranges: [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029], negated: true)
    /// Whether `value` is a word character for `\b` and `\B`.
    static func isWordCharacter(_ value: UInt32) -> Bool {
        word.contains(value)
    }

    /// The set for a class escape letter (`d D w W s S`), or nil.
    static func classEscape(_ letter: Unicode.Scalar) -> RegexCharSet? {
        var set: RegexCharSet
        switch letter {
        case "d", "D": set = digits
        case "w", "W": set = word
        case "s", "S": set = space
        default: return nil
        }
        if letter.properties.isUppercase { set.invert() }
        return set
    }
}

/// 128 bits, one per ASCII code point.
struct RegexASCIIBitmap: Hashable, Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    mutating func insert(_ value: UInt32) {
        if value < 64 {
            low |= 1 << UInt64(value)
        } else {
            high |= 1 << UInt64(value - 64)
        }
    }

    /// Whether `value`, which must be below 128, is in the set.
    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        value < 64 ? low & (1 << UInt64(value)) != 0 : high & (1 << UInt64(value &- 64)) != 0
    }
}
