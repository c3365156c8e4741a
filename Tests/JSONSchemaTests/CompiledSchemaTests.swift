import JSONSchema
import Testing

struct CompiledSchemaTests {
    private func compileError(_ schema: JSONValue, _ options: SchemaOptions = .init()) -> SchemaCompilationError? {
        do {
            _ = try CompiledSchema(schema, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test func unusableSchemasNameTheKeywordAndLocation() {
        let cases: [(JSONValue, String, String)] = [
            (["type": "strnig"], "type", ""),
            (["properties": ["a": ["minimum": "x"]]], "minimum", "/properties/a"),
            (["items": ["$ref": "#/definitions/missing"]], "$ref", "/items"),
            (["$ref": "http://example.com/nowhere.json"], "$ref", ""),
            (["properties": ["a": ["pattern": "a(b"]]], "pattern", "/properties/a"),
            (["patternProperties": ["[": true]], "patternProperties", ""),
            (["required": "a"], "required", ""),
            (["allOf": [["type": 3]]], "type", "/allOf/0"),
            (["multipleOf": 0], "multipleOf", ""),
            (["minLength": -1], "minLength", ""),
            (["properties": ["a": 3]], "properties", ""),
        ]
        for (schema, keyword, location) in cases {
            let error = compileError(schema)
            #expect(error?.keyword == keyword, "\(schema.jsonText): \(String(describing: error))")
            #expect(error?.schemaLocation == location, "\(schema.jsonText): \(String(describing: error))")
        }
    }

    @Test func acceptsWhatThePythonServerAccepted() throws {
        // Draft 4's meta-schema asks for at least one required name; the Python server took an empty list.
        let schema = try CompiledSchema(["required": [], "enum": [], "type": "object"])
        #expect(!schema.isValid([:]))
        #expect(try CompiledSchema(["required": []]).isValid([:]))
    }

    @Test func deeplyNestedSchemasAreACompilationError() {
        var schema: JSONValue = ["type": "integer"]
        for _ in 0..<10_000 { schema = ["items": schema] }
        let error = compileError(schema)
        #expect(error?.message.contains("nesting is too deep") == true)
        var deeper: JSONValue = true
        for _ in 0..<20_000 { deeper = ["not": deeper] }
        let generous = compileError(deeper, SchemaOptions(maxDepth: 1_000_000))
        #expect(generous?.message.contains("nesting is too deep") == true)
    }

    @Test func dynamicReferenceLoopsTheCompilerCannotProveStillTerminate() throws {
        // The `$dynamicRef` may resolve to r2, which ends the recursion, so compiling accepts it; under
        // "p" the dynamic scope picks r1 itself, and the evaluation depth limit stops the loop.
        let schema: JSONValue = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://example.com/root",
            "properties": ["p": ["$ref": "r1"], "q": ["$ref": "r2"]],
            "$defs": [
                "r1": ["$id": "r1", "$dynamicAnchor": "node", "allOf": [["$dynamicRef": "#node"]]],
                "r2": ["$id": "r2", "$dynamicAnchor": "node", "type": "string"],
            ],
        ]
        let compiled = try CompiledSchema(schema)
        #expect(compiled.isValid(["q": "x"]))
        #expect(!compiled.isValid(["p": 1]))
        let result = compiled.validate(["p": 1])
        #expect(!result.isValid)
        #expect(result.errors.first?.message.contains("nested too deeply") == true)
    }

    @Test func deepInstancesAgainstRecursiveSchemasStopAtTheDepthLimit() throws {
        let tree = try CompiledSchema([
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "array", "items": ["$ref": "#"],
        ])
        var instance: JSONValue = []
        for _ in 0..<100 { instance = [instance] }
        #expect(tree.isValid(instance))
        for _ in 0..<10_000 { instance = [instance] }
        #expect(!tree.isValid(instance))
        #expect(!tree.validate(instance).isValid)
    }

    @Test func exponentialReferenceFanOutHitsTheStepLimit() throws {
        // Each level refers to the next one twice: 2^40 evaluations without a limit.
        var definitions = JSONObject()
        for level in 0..<40 {
            let next: JSONValue = ["$ref": .string("#/definitions/d\(level + 1)")]
            definitions["d\(level)"] = ["allOf": [next, next]]
        }
        definitions["d40"] = ["type": "integer"]
        let schema = try CompiledSchema(
            ["definitions": .object(definitions), "$ref": "#/definitions/d0"],
            options: SchemaOptions(maxEvaluationSteps: 100_000))
        #expect(!schema.isValid(1))
        let result = schema.validate(1)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.contains("limit of 100000 subschema evaluations") == true)
    }

    @Test func integersFollowTheDraft() throws {
        let draft4 = try CompiledSchema(["type": "integer"])
        let draft6 = try CompiledSchema(["type": "integer"], options: .init(defaultDraft: .draft6))
        let one = try JSONParser.parse("1.0")
        #expect(!draft4.isValid(one))
        #expect(draft6.isValid(one))
        #expect(draft4.isValid(try JSONParser.parse("123456789012345678901234567890")))
        let hundred = try #require(JSONNumber(literal: "1e2"))
        #expect(!hundred.isInteger(in: .draft4) && hundred.isInteger(in: .draft2020_12))
    }

    @Test func boundsAndMultiplesAreExact() throws {
        let schema = try CompiledSchema([
            "minimum": .number(JSONNumber(literal: "12345678901234567890")!), "multipleOf": 0.01,
        ])
        #expect(!schema.isValid(try JSONParser.parse("12345678901234567889")))
        #expect(schema.isValid(try JSONParser.parse("12345678901234567890.01")))
        #expect(!schema.isValid(try JSONParser.parse("12345678901234567890.001")))
        let half = try CompiledSchema(["multipleOf": 0.5], options: .init(defaultDraft: .draft7))
        #expect(half.isValid(try JSONParser.parse("1e308")))
        #expect(try CompiledSchema(["multipleOf": 0.1]).isValid(try JSONParser.parse("0.3")))
    }

    @Test func enumConstAndUniqueItemsCompareNumbersByValue() throws {
        let schema = try CompiledSchema(
            ["enum": [1, ["a": [2]]], "uniqueItems": true], options: .init(defaultDraft: .draft6))
        #expect(schema.isValid(try JSONParser.parse("1.0")))
        #expect(schema.isValid(try JSONParser.parse(#"{"a":[2.0]}"#)))
        let unique = try CompiledSchema(["uniqueItems": true])
        #expect(!unique.isValid(try JSONParser.parse("[1, 1.0]")))
        #expect(unique.isValid(try JSONParser.parse(#"[{"a":1,"b":2}, {"a":1,"b":3}]"#)))
        #expect(!unique.isValid(try JSONParser.parse(#"[{"a":1,"b":2}, {"b":2,"a":1}]"#)))
    }

    @Test func pathologicalPatternsEndWithAClearError() throws {
        let schema = try CompiledSchema(["pattern": "^(a|a)*(a|a)*(a|a)*$"])
        let input = JSONValue.string(String(repeating: "a", count: 5_000) + "!")
        let result = schema.validate(input)
        #expect(!result.isValid)
        #expect(!schema.isValid(input))
        // Backreferences need backtracking; the regex's step budget turns the blow-up into an error.
        let backtracking = try CompiledSchema([
            "properties": ["a": ["pattern": "^(a*)*\\1b$"]], "patternProperties": ["^(x+x+)+\\1y$": true],
        ])
        let hostile = String(repeating: "a", count: 40) + "!"
        let patternResult = backtracking.validate(["a": .string(hostile)])
        #expect(
            patternResult.errors.map(\.message) == ["pattern evaluation exceeded its step limit (pattern ^(a*)*\\1b$)"])
        #expect(patternResult.errors.first?.keywordLocation == "/properties/a/pattern")
        let key = String(repeating: "x", count: 40) + "!"
        let keyResult = backtracking.validate(.object(JSONObject([(key, .null)])))
        #expect(keyResult.errors.first?.keywordLocation == "/patternProperties/^(x+x+)+\\1y$")
        #expect(keyResult.errors.first?.message.contains("step limit") == true)
    }

    @Test func errorsCarryLocationsAndMessages() throws {
        let schema = try CompiledSchema([
            "id": "https://example.com/job.json",
            "type": "object",
            "properties": [
                "n": ["type": "integer", "maximum": 10],
                "tags": ["type": "array", "items": ["$ref": "#/definitions/tag"]],
            ],
            "definitions": ["tag": ["type": "string", "maxLength": 3]],
            "required": ["n", "missing"],
            "additionalProperties": false,
        ])
        let result = schema.validate(["n": 11, "tags": ["ok", "toolong"], "extra/field": true])
        #expect(!result.isValid)
        let summary = Set(result.errors.map { "\($0.instanceLocation) \($0.keywordLocation)" })
        #expect(
            summary == [
                "/n /properties/n/maximum", "/tags/1 /properties/tags/items/$ref/maxLength",
                "/extra~1field /additionalProperties", " /required",
            ])
        let refError = result.errors.first { $0.instanceLocation == "/tags/1" }
        #expect(refError?.absoluteKeywordLocation == "https://example.com/job.json#/definitions/tag/maxLength")
        #expect(refError?.message == "string is longer than 3 characters")
        #expect(result.errors.contains { $0.message == "missing required property \"missing\"" })
        #expect(result.flagOutput() == ["valid": false])
        guard case .array(let units)? = result.basicOutput()["errors"] else {
            Issue.record("basic output has no errors array")
            return
        }
        #expect(units.count == 4)
        #expect(units.first?["error"] != nil && units.first?["instanceLocation"] != nil)
        #expect(
            schema.validate(["n": 1]).basicOutput() == [
                "valid": false, "errors": .array(units.filter { $0["keywordLocation"] == "/required" }),
            ])
    }

    @Test func registryAndBundledMetaSchemasResolveWithoutNetwork() throws {
        let options = SchemaOptions(registry: ["http://example.com/item#": ["type": "string"]])
        let schema = try CompiledSchema(["items": ["$ref": "http://example.com/item"]], options: options)
        #expect(schema.isValid(["a"]))
        #expect(!schema.isValid([1]))
        let meta = try CompiledSchema(["$ref": "https://json-schema.org/draft/2020-12/schema"])
        #expect(meta.isValid(["type": "string"]))
        #expect(!meta.isValid(["type": 12]))
    }

    @Test func validatesConcurrently() async throws {
        let schema = try CompiledSchema(["type": "object", "properties": ["a": ["type": "integer"]]])
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 { group.addTask { schema.isValid(["a": index % 2 == 0 ? 1 : "x"]) } }
            var valid = 0
            for await result in group where result { valid += 1 }
            return valid
        }
        #expect(results == 32)
    }
}
