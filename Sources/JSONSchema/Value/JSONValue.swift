/// A JSON value as validation needs it: numbers kept exactly as written, objects with their members.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept exactly as written.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object(JSONObject)

    /// The JSON Schema type name of the value ("null", "boolean", "number", "string", "array", "object").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The object's members, or nil for other values.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The string, or nil for other values.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The array, or nil for other values.
    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    /// The member `key` of an object, or nil (also for values that are not objects).
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// Structural equality with numeric comparison of numbers, order-free comparison of objects and
    /// code-point comparison of strings. Iterative, so arbitrarily deep values cannot overflow the stack.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        var pending: [(JSONValue, JSONValue)] = []
        var pair = (lhs, rhs)
        while true {
            switch pair {
            case (.null, .null): break
            case (.bool(let left), .bool(let right)): if left != right { return false }
            case (.number(let left), .number(let right)): if left != right { return false }
            case (.string(let left), .string(let right)): if !left.sameCodePoints(as: right) { return false }
            case (.array(let left), .array(let right)):
                guard left.count == right.count else { return false }
                for index in left.indices { pending.append((left[index], right[index])) }
            case (.object(let left), .object(let right)):
                guard left.count == right.count else { return false }
                for (position, key) in left.keys.enumerated() {
                    guard let other = right.position(of: key) else { return false }
                    pending.append((left.values[position], right.values[other]))
                }
            default: return false
            }
            guard let next = pending.popLast() else { return true }
            pair = next
        }
    }

    /// Hashes consistently with `==`. Below a fixed depth only the shape is hashed, which keeps hashing
    /// deep values bounded and is still consistent with equality.
    public func hash(into hasher: inout Hasher) {
        hash(into: &hasher, depth: 0)
    }

    func hash(into hasher: inout Hasher, depth: Int) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .number(let value):
            hasher.combine(2)
            hasher.combine(value)
        case .string(let value):
            hasher.combine(3)
            hasher.combine(value)
        case .array(let value):
            hasher.combine(4)
            hasher.combine(value.count)
            if depth < 32 { for element in value { element.hash(into: &hasher, depth: depth + 1) } }
        case .object(let value):
            hasher.combine(5)
            hasher.combine(value.count)
            if depth < 32 { value.hashMembers(into: &hasher, depth: depth + 1) }
        }
    }
}
