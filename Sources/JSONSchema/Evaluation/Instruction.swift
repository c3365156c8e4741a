/// One compiled keyword. Subschemas are indexes into `Program.nodes`, resolved at compile time, so
/// evaluation never looks up keywords or URIs. Large payloads sit in classes to keep the enum small.
enum Instruction: Sendable {
    /// A `false` schema.
    case alwaysFalse
    /// `enum`.
    case enumeration([JSONValue])
    /// `const`.
    case constant(JSONValue)
    /// `multipleOf` (positive).
    case multipleOf(JSONNumber)
    /// `minimum` (or draft 4's `minimum` with `exclusiveMinimum: false`).
    case minimum(JSONNumber)
    /// `exclusiveMinimum`, or draft 4's `minimum` with `exclusiveMinimum: true`.
    case exclusiveMinimum(JSONNumber)
    /// `maximum`.
    case maximum(JSONNumber)
    /// `exclusiveMaximum`, or draft 4's `maximum` with `exclusiveMaximum: true`.
    case exclusiveMaximum(JSONNumber)
    /// `minLength`, in Unicode code points.
    case minLength(Int)
    /// `maxLength`, in Unicode code points.
    case maxLength(Int)
    /// `pattern`.
    case pattern(CompiledPattern)
    /// `format` when it asserts.
    case format(String)
    /// `minItems`.
    case minItems(Int)
    /// `maxItems`.
    case maxItems(Int)
    /// `uniqueItems: true`.
    case uniqueItems
    /// A positional list: `prefixItems`, or `items` as an array before 2020-12.
    case prefixItems([Int])
    /// A schema for every item from `start` on: `items`, `additionalItems`.
    case items(node: Int, start: Int)
    /// `contains` with `minContains` and `maxContains`.
    case contains(ContainsRule)
    /// `minProperties`.
    case minProperties(Int)
    /// `maxProperties`.
    case maxProperties(Int)
    /// `required`.
    case required([String])
    /// `properties`, `patternProperties` and `additionalProperties` together, so each member is
    /// classified once.
    case members(MemberRules)
    /// `dependentRequired`, or the array form of `dependencies`.
    case dependentRequired([(String, [String])])
    /// `dependentSchemas`, or the schema form of `dependencies`.
    case dependentSchemas([(String, Int)])
    /// `propertyNames`.
    case propertyNames(Int)
    /// `allOf`.
    case allOf([Int])
    /// `anyOf`.
    case anyOf([Int])
    /// `oneOf`.
    case oneOf([Int])
    /// `not`.
    case not(Int)
    /// `if` with `then` and `else`.
    case conditional(condition: Int, then: Int?, else: Int?)
    /// `$ref`, resolved.
    case ref(Int)
    /// `$dynamicRef`: the static target, and the anchor to look up in the dynamic scope when the static
    /// target declares a matching `$dynamicAnchor`.
    case dynamicRef(target: Int, anchor: String?)
    /// `$recursiveRef`: the static target; the dynamic scope decides when it has `$recursiveAnchor`.
    case recursiveRef(Int)
    /// `unevaluatedItems`.
    case unevaluatedItems(Int)
    /// `unevaluatedProperties`.
    case unevaluatedProperties(Int)
}

/// The set of JSON Schema types a `type` keyword allows.
struct TypeMask: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = TypeMask(rawValue: 1)
    static let boolean = TypeMask(rawValue: 2)
    static let object = TypeMask(rawValue: 4)
    static let array = TypeMask(rawValue: 8)
    static let number = TypeMask(rawValue: 16)
    static let string = TypeMask(rawValue: 32)
    static let integer = TypeMask(rawValue: 64)

    /// The mask for a type name, or nil for a name no draft defines.
    static func named(_ name: String) -> TypeMask? {
        switch name {
        case "null": .null
        case "boolean": .boolean
        case "object": .object
        case "array": .array
        case "number": .number
        case "string": .string
        case "integer": .integer
        default: nil
        }
    }

    /// The names in the set, for messages.
    var names: [String] {
        let all: [(TypeMask, String)] = [
            (.null, "null"), (.boolean, "boolean"), (.object, "object"), (.array, "array"), (.number, "number"),
            (.string, "string"), (.integer, "integer"),
        ]
        return all.filter { contains($0.0) }.map(\.1)
    }
}

/// A compiled `pattern`.
final class CompiledPattern: Sendable {
    let source: String
    let regex: ECMARegex

    init(source: String, regex: ECMARegex) {
        self.source = source
        self.regex = regex
    }
}

/// A compiled `contains`.
final class ContainsRule: Sendable {
    let node: Int
    let minimum: Int
    let maximum: Int?
    /// Whether matching items count as evaluated (2020-12).
    let annotates: Bool

    init(node: Int, minimum: Int, maximum: Int?, annotates: Bool) {
        self.node = node
        self.minimum = minimum
        self.maximum = maximum
        self.annotates = annotates
    }
}

/// Compiled `properties`, `patternProperties` and `additionalProperties`.
final class MemberRules: Sendable {
    /// Property names and their schemas, in schema order.
    let names: [String]
    let nodes: [Int]
    /// For many properties, a hash lookup; for few, a linear scan that starts where the last match was,
    /// which finds members of an instance written in schema order on the first comparison.
    let lookup: [ExactString: Int]?
    let patterns: [(CompiledPattern, Int)]
    let additional: Int?
    /// `additionalProperties: false`, reported as "property not allowed" rather than a failed schema.
    let additionalForbidden: Bool

    init(
        names: [String], nodes: [Int], patterns: [(CompiledPattern, Int)], additional: Int?, additionalForbidden: Bool
    ) {
        self.names = names
        self.nodes = nodes
        self.patterns = patterns
        self.additional = additional
        self.additionalForbidden = additionalForbidden
        if names.count > 16 {
            var lookup: [ExactString: Int] = [:]
            for (position, name) in names.enumerated() { lookup[ExactString(name)] = position }
            self.lookup = lookup
        } else {
            self.lookup = nil
        }
    }

    /// The position of `key` in `names`, scanning from `hint`.
    @inline(__always)
    func position(of key: String, hint: inout Int) -> Int? {
        if let lookup { return lookup[ExactString(key)] }
        let count = names.count
        var probe = hint
        for _ in 0..<count {
            if probe >= count { probe = 0 }
            if names[probe].sameCodePoints(as: key) {
                hint = probe + 1
                return probe
            }
            probe += 1
        }
        return nil
    }
}
