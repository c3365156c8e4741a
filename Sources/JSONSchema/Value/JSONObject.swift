/// A JSON object: members in document order, looked up by key.
///
/// Order is kept so that serialization reproduces the document; equality ignores it, as JSON does.
/// When a document repeats a key, the last value wins and the member keeps the position of the key's
/// first occurrence (what Python's `json` and JavaScript's `JSON.parse` do for the value).
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// Keys in member order.
    public private(set) var keys: [String]
    /// Values, parallel to `keys`.
    public private(set) var values: [JSONValue]
    /// Key to position, only for objects large enough that a linear scan would cost more than hashing.
    private var index: [ExactString: Int]?

    /// Objects up to this size are searched linearly, which beats hashing for short keys.
    static let linearLimit = 12

    /// Creates an empty object.
    public init() {
        keys = []
        values = []
    }

    /// Creates an object from members in order; a repeated key replaces the earlier value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        self.init()
        for (key, value) in members { self[key] = value }
    }

    /// Creates an object from a dictionary literal; a repeated key replaces the earlier value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// Makes room for `count` members in all, so that the member arrays do not reallocate until the object
    /// has more. (Past ``linearLimit`` members, the key index still allocates as it grows.)
    mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The position of `key` among the members, or nil.
    public func position(of key: String) -> Int? {
        if let index { return index[ExactString(key)] }
        for position in keys.indices where keys[position].sameCodePoints(as: key) { return position }
        return nil
    }

    /// The value of `key`, or nil; setting appends a new member or replaces the value in place.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { values[$0] } }
        set {
            if let position = position(of: key) {
                if let newValue {
                    values[position] = newValue
                } else {
                    keys.remove(at: position)
                    values.remove(at: position)
                    rebuildIndex()
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
                if index != nil {
                    index![ExactString(key)] = keys.count - 1
                } else if keys.count > Self.linearLimit {
                    rebuildIndex()
                }
            }
        }
    }

    private mutating func rebuildIndex() {
        guard keys.count > Self.linearLimit else {
            index = nil
            return
        }
        var map = [ExactString: Int](minimumCapacity: keys.count)
        for (position, key) in keys.enumerated() { map[ExactString(key)] = position }
        index = map
    }

    /// Members in order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        zip(keys, values).lazy.map { (key: $0.0, value: $0.1) }.makeIterator()
    }

    /// Equal when both have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (position, key) in lhs.keys.enumerated() {
            guard let other = rhs.position(of: key), rhs.values[other] == lhs.values[position] else {
                return false
            }
        }
        return true
    }

    /// Hashes members independently of their order.
    public func hash(into hasher: inout Hasher) {
        hashMembers(into: &hasher, depth: 0)
    }

    func hashMembers(into hasher: inout Hasher, depth: Int) {
        var combined = 0
        for position in keys.indices {
            var member = Hasher()
            member.combine(keys[position])
            values[position].hash(into: &member, depth: depth)
            combined = combined &+ member.finalize()
        }
        hasher.combine(keys.count)
        hasher.combine(combined)
    }
}
