extension Evaluator {
    /// Applies one instruction of `node` to `instance`; `position` is its index in the node.
    @inline(__always)
    mutating func apply(
        _ instruction: Instruction, _ position: Int, _ node: UnsafePointer<SchemaNode>, _ instance: JSONValue,
        _ local: Evaluated?
    ) -> Bool {
        switch instruction {
        case .alwaysFalse:
            return fail(node, keyword: "", "no value is allowed here (the schema is false)")
        case .enumeration(let values):
            if values.contains(instance) { return true }
            return fail(
                node, keyword: "enum", "\(Self.describe(instance)) is not one of \(Self.describe(.array(values)))")
        case .constant(let value):
            if value == instance { return true }
            return fail(node, keyword: "const", "\(Self.describe(instance)) is not \(Self.describe(value))")
        case .multipleOf, .minimum, .exclusiveMinimum, .maximum, .exclusiveMaximum:
            guard case .number(let number) = instance else { return true }
            return checkNumber(instruction, number, position, node)
        case .minLength, .maxLength, .pattern, .format:
            return checkString(instruction, instance, position, node)
        case .minItems, .maxItems, .uniqueItems, .prefixItems, .items, .contains, .unevaluatedItems:
            guard case .array(let array) = instance else { return true }
            return checkArray(instruction, array, position, node, local)
        case .minProperties, .maxProperties, .required, .members, .dependentRequired, .dependentSchemas,
            .propertyNames, .unevaluatedProperties:
            guard case .object(let object) = instance else { return true }
            return checkObject(instruction, object, instance, position, node, local)
        case .allOf, .anyOf, .oneOf, .not, .conditional, .ref, .dynamicRef, .recursiveRef:
            return applyInPlace(instruction, position, node, instance, local)
        }
    }

    mutating func checkType(_ mask: TypeMask, _ node: UnsafePointer<SchemaNode>, _ instance: JSONValue) -> Bool {
        let matches: Bool
        switch instance {
        case .null: matches = mask.contains(.null)
        case .bool: matches = mask.contains(.boolean)
        case .string: matches = mask.contains(.string)
        case .object: matches = mask.contains(.object)
        case .array: matches = mask.contains(.array)
        case .number(let number):
            matches =
                mask.contains(.number)
                || mask.contains(.integer)
                    && (node.pointee.integerLiteralsOnly ? number.isIntegerLiteral : number.isIntegralValue)
        }
        if matches { return true }
        let expected = mask.names.joined(separator: " or ")
        return fail(node, keyword: "type", "expected \(expected), got \(Self.describe(instance))")
    }

    private mutating func checkNumber(
        _ instruction: Instruction, _ number: JSONNumber, _ position: Int, _ node: UnsafePointer<SchemaNode>
    )
        -> Bool
    {
        let keyword = node.pointee.keywords[position]
        switch instruction {
        case .multipleOf(let step):
            if number.isMultiple(of: step) { return true }
            return fail(node, keyword: keyword, "\(number) is not a multiple of \(step)")
        case .minimum(let bound):
            if JSONNumber.compare(number, bound) >= 0 { return true }
            return fail(node, keyword: keyword, "\(number) is less than the minimum of \(bound)")
        case .exclusiveMinimum(let bound):
            if JSONNumber.compare(number, bound) > 0 { return true }
            return fail(node, keyword: keyword, "\(number) is not greater than the exclusive minimum of \(bound)")
        case .maximum(let bound):
            if JSONNumber.compare(number, bound) <= 0 { return true }
            return fail(node, keyword: keyword, "\(number) is greater than the maximum of \(bound)")
        case .exclusiveMaximum(let bound):
            if JSONNumber.compare(number, bound) < 0 { return true }
            return fail(node, keyword: keyword, "\(number) is not less than the exclusive maximum of \(bound)")
        default:
            return true
        }
    }

    private mutating func checkString(
        _ instruction: Instruction, _ instance: JSONValue, _ position: Int, _ node: UnsafePointer<SchemaNode>
    )
        -> Bool
    {
        if case .format(let name) = instruction {
            guard case .string(let string) = instance else { return true }
            if FormatChecker.check(format: name, string: string) { return true }
            return fail(node, keyword: "format", "\(Self.describe(instance)) is not a valid \(name)")
        }
        guard case .string(let string) = instance else { return true }
        switch instruction {
        case .minLength(let limit):
            // Lengths count code points; UTF-8 bytes bound them from above (and a quarter of them, below).
            let bytes = string.utf8.count
            if bytes < limit { return fail(node, keyword: "minLength", "string is shorter than \(limit) characters") }
            if bytes / 4 >= limit || string.unicodeScalars.count >= limit { return true }
            return fail(node, keyword: "minLength", "string is shorter than \(limit) characters")
        case .maxLength(let limit):
            if string.utf8.count <= limit || string.unicodeScalars.count <= limit { return true }
            return fail(node, keyword: "maxLength", "string is longer than \(limit) characters")
        case .pattern(let pattern):
            do {
                if try pattern.regex.matches(string) { return true }
                return fail(
                    node, keyword: "pattern", "\(Self.describe(instance)) does not match the pattern \(pattern.source)")
            } catch {
                return fail(
                    node, keyword: "pattern", "pattern evaluation exceeded its step limit (pattern \(pattern.source))")
            }
        default:
            return true
        }
    }
}
