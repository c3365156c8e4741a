import Hummingbird
import JSONSchema
import TopChefCore

/// `/validator`: validate an instance against a schema, statelessly.
struct ValidatorController {
    let api: TopChefAPI

    /// Adds `GET` and `POST /validator`.
    func addRoutes(to routes: Routes) {
        routes.on("/validator", .get) { request, _ in self.describe(request) }
        routes.on("/validator", .post) { request, _ in try await self.validate(request) }
    }

    func describe(_ request: Request) -> Response {
        var writer = JSONOutput(capacity: 512)
        writer.raw("{\"data\":{},")
        writer.links(base: BaseURL.of(request), path: "/validator")
        writer.raw(",\"meta\":{\"validator_schema\":")
        writer.raw(MetaSchemas.validator)
        writer.raw("}}")
        return .json(writer.bytes)
    }

    func validate(_ request: Request) async throws(APIError) -> Response {
        var fields = FieldReader(try await api.object(request))
        let schema = fields.object("schema", required: true)
        let instance = fields.object("object", required: true)
        try fields.check()
        guard let schema, let instance else { throw .internal(APIError.requestNotJSON) }
        let compiled: CompiledSchema
        do {
            compiled = try CompiledSchema(.object(schema), options: api.schemas.options)
        } catch {
            throw APIError([APIError.unusableSchema(key: "schema", error)])
        }
        let result = compiled.validate(.object(instance))
        guard result.isValid else { throw .validation(result.errors) }
        var writer = JSONOutput(capacity: 128)
        writer.raw("{\"data\":{\"status\":\"Validation was successful\"},")
        writer.links(base: BaseURL.of(request), path: "/validator")
        writer.byte(UInt8(ascii: "}"))
        return .json(writer.bytes)
    }
}
