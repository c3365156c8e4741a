public import Foundation
public import JSONSchema
import Synchronization
public import TopChefCore

/// A service's two schemas, compiled.
public struct ServiceSchemas: Sendable {
    /// What a job's parameters must satisfy.
    public let parameters: CompiledSchema
    /// What a job's results must satisfy.
    public let results: CompiledSchema
}

/// The compiled schemas of every service, keyed by service id: compiled once (at registration, or when
/// the server starts, from the stored schema text) and used for every job's parameters and results.
public final class SchemaCache: Sendable {
    private let entries = Mutex<[UUID: ServiceSchemas]>([:])
    /// How schemas are compiled (draft 4 when a schema has no `$schema`).
    public let options: SchemaOptions

    /// An empty cache.
    public init(options: SchemaOptions = SchemaOptions(defaultDraft: .draft4)) {
        self.options = options
    }

    /// Compiles the schemas of every service in `services`; a stored schema that no longer compiles is
    /// left out (and reported when a job needs it).
    public func warm(_ services: [ServiceRecord]) {
        for service in services {
            if let schemas = try? compile(service) { insert(schemas, for: service.id) }
        }
    }

    /// Compiles one schema from its JSON text.
    public func compile(_ text: [UInt8]) throws -> CompiledSchema {
        try CompiledSchema(JSONParser.parse(text), options: options)
    }

    /// Compiles a service's schemas.
    func compile(_ service: ServiceRecord) throws -> ServiceSchemas {
        ServiceSchemas(parameters: try compile(service.parametersSchema), results: try compile(service.resultsSchema))
    }

    /// Stores compiled schemas for `serviceID`.
    public func insert(_ schemas: ServiceSchemas, for serviceID: UUID) {
        entries.withLock { $0[serviceID] = schemas }
    }

    /// The compiled schemas of `service`, compiling them on first use.
    func schemas(for service: ServiceRecord) throws(APIError) -> ServiceSchemas {
        if let cached = entries.withLock({ $0[service.id] }) { return cached }
        do {
            let schemas = try compile(service)
            insert(schemas, for: service.id)
            return schemas
        } catch {
            throw .internal(error)
        }
    }

    /// The number of services with compiled schemas.
    public var count: Int { entries.withLock { $0.count } }
}
