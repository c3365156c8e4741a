/// The members of an object or items of an array that a schema evaluated successfully, which is all
/// `unevaluatedProperties` and `unevaluatedItems` need of the annotation model.
final class Evaluated {
    /// Positions of evaluated object members (in the instance's member order).
    var properties = PositionSet()
    /// Indexes of evaluated array items.
    var items = PositionSet()

    func formUnion(_ other: Evaluated) {
        properties.formUnion(other.properties)
        items.formUnion(other.items)
    }
}

/// A set of small non-negative integers; the first 64 need no allocation.
struct PositionSet {
    private var low: UInt64 = 0
    private var high: [UInt64] = []

    func contains(_ position: Int) -> Bool {
        if position < 64 { return low & (1 << UInt64(position)) != 0 }
        let word = position / 64 - 1
        return word < high.count && high[word] & (1 << UInt64(position % 64)) != 0
    }

    mutating func insert(_ position: Int) {
        if position < 64 {
            low |= 1 << UInt64(position)
            return
        }
        let word = position / 64 - 1
        if word >= high.count { high.append(contentsOf: repeatElement(0, count: word - high.count + 1)) }
        high[word] |= 1 << UInt64(position % 64)
    }

    mutating func insert(_ range: Range<Int>) {
        for position in range { insert(position) }
    }

    mutating func formUnion(_ other: PositionSet) {
        low |= other.low
        if other.high.count > high.count {
            high.append(contentsOf: repeatElement(0, count: other.high.count - high.count))
        }
        for word in other.high.indices { high[word] |= other.high[word] }
    }
}
