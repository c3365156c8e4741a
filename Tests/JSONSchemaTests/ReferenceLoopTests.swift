import JSONSchema
import Testing

/// Schemas whose references come back to the same instance location without consuming any of it
/// cannot be evaluated: compiling them fails, naming the reference and where it is, instead of every
/// validation failing with "nested too deeply" and blaming the data.
struct ReferenceLoopTests {
    private func compileError(_ text: String, _ options: SchemaOptions = .init()) throws -> SchemaCompilationError? {
        let schema = try JSONParser.parse(text)
        do {
            _ = try CompiledSchema(schema, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (##"{"$ref":"#"}"##, "$ref", ""),
        (##"{"allOf":[{"$ref":"#"}]}"##, "$ref", "/allOf/0"),
        (
            ##"{"$ref":"#/definitions/a","definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}}}"##,
            "$ref", "/definitions/a"
        ),
        (##"{"$ref":"#","type":"string"}"##, "$ref", ""),
        (##"{"anyOf":[{"$ref":"#"},{"type":"string"}]}"##, "$ref", "/anyOf/0"),
        (##"{"oneOf":[{"$ref":"#"}]}"##, "$ref", "/oneOf/0"),
        (##"{"not":{"$ref":"#"}}"##, "$ref", "/not"),
        (
            ##"{"properties":{"x":{"$ref":"#/definitions/a"}},"definitions":{"a":{"allOf":[{"$ref":"#/definitions/a"}]}}}"##,
            "$ref", "/definitions/a/allOf/0"
        ),
    ])
    func inPlaceReferenceLoopsAreRejected(schema: String, keyword: String, location: String) throws {
        let error = try #require(try compileError(schema), "\(schema) compiled")
        #expect(error.keyword == keyword, "\(schema): \(error)")
        #expect(error.schemaLocation == location, "\(schema): \(error)")
        #expect(error.message.contains("loops back to the same instance location"), "\(error)")
        #expect(error.description.contains("(\(keyword))"))
    }

    @Test(arguments: [
        (##"{"$schema":"http://json-schema.org/draft-07/schema#","if":{"$ref":"#"}}"##, "$ref", "/if"),
        (##"{"$schema":"http://json-schema.org/draft-07/schema#","if":true,"then":{"$ref":"#"}}"##, "$ref", "/then"),
        (##"{"$schema":"http://json-schema.org/draft-07/schema#","if":false,"else":{"$ref":"#"}}"##, "$ref", "/else"),
        (##"{"$schema":"https://json-schema.org/draft/2019-09/schema","$recursiveRef":"#"}"##, "$recursiveRef", ""),
        (
            ##"{"$schema":"https://json-schema.org/draft/2019-09/schema","$recursiveAnchor":true,"allOf":[{"$recursiveRef":"#"}]}"##,
            "$recursiveRef", "/allOf/0"
        ),
        (
            ##"{"$schema":"https://json-schema.org/draft/2019-09/schema","dependentSchemas":{"a":{"$ref":"#"}}}"##,
            "$ref", "/dependentSchemas/a"
        ),
        (##"{"$schema":"https://json-schema.org/draft/2020-12/schema","$dynamicRef":"#"}"##, "$dynamicRef", ""),
        (
            ##"{"$schema":"https://json-schema.org/draft/2020-12/schema","$dynamicAnchor":"n","anyOf":[{"$dynamicRef":"#n"}]}"##,
            "$dynamicRef", "/anyOf/0"
        ),
    ])
    func loopsInLaterDraftsAreRejected(schema: String, keyword: String, location: String) throws {
        let error = try #require(try compileError(schema), "\(schema) compiled")
        #expect(error.keyword == keyword, "\(schema): \(error)")
        #expect(error.schemaLocation == location, "\(schema): \(error)")
    }

    /// What the original (Python's jsonschema, draft 4) could evaluate stays accepted: a loop reached only
    /// through a later `anyOf` branch or a `dependencies` schema runs only for some instances, and for the
    /// others the schema works, there and here.
    @Test func loopsReachedOnlyForSomeInstancesAreAcceptedAsTheOriginalAcceptedThem() throws {
        let anyOf = try CompiledSchema(JSONParser.parse(##"{"anyOf":[{"type":"string"},{"$ref":"#"}]}"##))
        #expect(anyOf.isValid(.string("x")))
        let dependencies = try CompiledSchema(JSONParser.parse(##"{"dependencies":{"a":{"$ref":"#"}}}"##))
        #expect(dependencies.isValid(try JSONParser.parse(##"{"b":1}"##)))
        #expect(dependencies.isValid(try JSONParser.parse("[1]")))
    }

    @Test func theMessageShowsTheLoop() throws {
        let error = try #require(
            try compileError(
                ##"{"$ref":"#/definitions/a","definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}}}"##
            ))
        #expect(error.message.contains("#/definitions/a → #/definitions/b → #/definitions/a"), "\(error)")
        #expect(error.description.hasPrefix("invalid schema at /definitions/a ($ref): "))
    }

    @Test func loopsInAnotherDocumentAreLocatedInIt() throws {
        let options = SchemaOptions(registry: ["http://example.com/loop.json": ["allOf": [["$ref": "#"]]]])
        let error = try #require(try compileError(##"{"items":{"$ref":"http://example.com/loop.json"}}"##, options))
        #expect(error.keyword == "$ref")
        #expect(error.schemaLocation == "http://example.com/loop.json#/allOf/0")
    }

    @Test func recursionThroughMembersAndItemsIsAccepted() throws {
        let tree = try CompiledSchema(
            JSONParser.parse(
                ##"{"type":"object","required":["value"],"properties":{"value":{"type":"integer"},"children":{"type":"array","items":{"$ref":"#"}}}}"##
            ))
        #expect(tree.isValid(try JSONParser.parse(##"{"value":1,"children":[{"value":2,"children":[{"value":3}]}]}"##)))
        let bad = tree.validate(try JSONParser.parse(##"{"value":1,"children":[{"value":2,"children":[{}]}]}"##))
        #expect(!bad.isValid)
        #expect(bad.errors.map(\.instanceLocation) == ["/children/0/children/0"])

        // The reference sits below `items`, so each round consumes one level of the instance.
        let nested = try CompiledSchema(JSONParser.parse(##"{"anyOf":[{"type":"string"},{"items":{"$ref":"#"}}]}"##))
        #expect(nested.isValid(try JSONParser.parse(##"["a",["b",[[]]]]"##)))
        #expect(nested.validate(try JSONParser.parse(##"["a",["b",[[1]]]]"##)).isValid)
        let typed = try CompiledSchema(
            JSONParser.parse(##"{"anyOf":[{"type":"string"},{"type":"array","items":{"$ref":"#"}}]}"##))
        #expect(typed.isValid(try JSONParser.parse(##"["a",["b",[[]]]]"##)))
        #expect(!typed.isValid(try JSONParser.parse(##"["a",["b",[1]]]"##)))
        let result = typed.validate(try JSONParser.parse(##"["a",["b",[1]]]"##))
        #expect(!result.isValid)
        #expect(!result.errors.contains { $0.message.contains("nested too deeply") })
    }

    @Test func referencesThatMeetWithoutLoopingAreAccepted() throws {
        // Two references to the same definition at the same location: a diamond, not a loop.
        let diamond = try CompiledSchema(
            JSONParser.parse(
                ##"{"allOf":[{"$ref":"#/definitions/int"},{"$ref":"#/definitions/int"}],"definitions":{"int":{"type":"integer"}}}"##
            ))
        #expect(diamond.isValid(1))
        #expect(!diamond.isValid("x"))
    }

    @Test func dynamicReferencesThatTheRootAnchorEndsAreAccepted() throws {
        // r1 on its own would loop, but the root declares the anchor too and, being outermost in the
        // dynamic scope, is what `$dynamicRef` always resolves to; the root recurses through "x".
        let schema = try CompiledSchema(
            JSONParser.parse(
                ##"""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://example.com/r0",
                 "$dynamicAnchor":"node","type":"object","properties":{"x":{"$ref":"r1"}},
                 "$defs":{"r1":{"$id":"r1","$dynamicAnchor":"node","allOf":[{"$dynamicRef":"#node"}]}}}
                """##))
        #expect(schema.isValid(try JSONParser.parse(##"{"x":{"x":{}}}"##)))
        #expect(!schema.isValid(try JSONParser.parse(##"{"x":{"x":1}}"##)))
    }

    @Test(arguments: [
        "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
        "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema",
        "https://json-schema.org/draft/2020-12/schema",
    ])
    func metaSchemasStillCompileAndValidateSchemas(uri: String) throws {
        let meta = try CompiledSchema(["$ref": .string(uri)])
        #expect(meta.isValid(try JSONParser.parse(##"{"properties":{"a":{"$ref":"#"}},"allOf":[{"type":"object"}]}"##)))
        #expect(!meta.isValid(try JSONParser.parse(##"{"properties":{"a":{"type":12}}}"##)))
    }
}
