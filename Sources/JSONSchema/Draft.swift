/// A JSON Schema draft: decides which keywords exist and how some of them behave.
public enum Draft: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Draft 4 (`http://json-schema.org/draft-04/schema#`).
    case draft4
    /// Draft 6 (`http://json-schema.org/draft-06/schema#`).
    case draft6
    /// Draft 7 (`http://json-schema.org/draft-07/schema#`).
    case draft7
    /// Draft 2019-09 (`https://json-schema.org/draft/2019-09/schema`).
    case draft2019_09
    /// Draft 2020-12 (`https://json-schema.org/draft/2020-12/schema`).
    case draft2020_12

    /// The draft's meta-schema identifier, as `$schema` usually writes it.
    public var metaSchemaURI: String {
        switch self {
        case .draft4: "http://json-schema.org/draft-04/schema#"
        case .draft6: "http://json-schema.org/draft-06/schema#"
        case .draft7: "http://json-schema.org/draft-07/schema#"
        case .draft2019_09: "https://json-schema.org/draft/2019-09/schema"
        case .draft2020_12: "https://json-schema.org/draft/2020-12/schema"
        }
    }

    /// The name used by the specification ("draft4" … "draft2020-12").
    public var description: String {
        switch self {
        case .draft4: "draft4"
        case .draft6: "draft6"
        case .draft7: "draft7"
        case .draft2019_09: "draft2019-09"
        case .draft2020_12: "draft2020-12"
        }
    }

    /// The draft whose meta-schema `uri` names, ignoring an empty fragment and the http/https difference.
    public init?(metaSchemaURI uri: String) {
        var key = uri
        if key.hasSuffix("#") { key.removeLast() }
        if key.hasPrefix("https://") { key = "http://" + key.dropFirst("https://".count) }
        switch key {
        case "http://json-schema.org/draft-04/schema": self = .draft4
        case "http://json-schema.org/draft-06/schema": self = .draft6
        case "http://json-schema.org/draft-07/schema": self = .draft7
        case "http://json-schema.org/draft/2019-09/schema": self = .draft2019_09
        case "http://json-schema.org/draft/2020-12/schema": self = .draft2020_12
        default: return nil
        }
    }

    /// Draft 2019-09 and later: `$ref` sits beside other keywords instead of replacing them.
    var refHasSiblings: Bool { self >= .draft2019_09 }

    /// The keyword that sets a schema's identifier.
    var idKeyword: String { self == .draft4 ? "id" : "$id" }
}

extension Draft: Comparable {
    private var order: Int {
        switch self {
        case .draft4: 4
        case .draft6: 6
        case .draft7: 7
        case .draft2019_09: 2019
        case .draft2020_12: 2020
        }
    }

    /// Older drafts sort first.
    public static func < (lhs: Draft, rhs: Draft) -> Bool { lhs.order < rhs.order }
}
