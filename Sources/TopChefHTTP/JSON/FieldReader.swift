import JSONSchema
import TopChefCore

/// Reads the fields of a request object with the rules and messages of the original's marshmallow
/// serializers, collecting one error entry per offending key so that a request is all-or-nothing.
struct FieldReader {
    /// The request object.
    let object: JSONObject
    /// The errors found so far, in the order found.
    private(set) var errors: [APIError.Entry] = []

    /// A reader of `object`.
    init(_ object: JSONObject) {
        self.object = object
    }

    private mutating func fail(_ key: String, _ message: String) {
        errors.append(APIError.deserializationEntry(key: key, message: message))
    }

    /// Throws the collected errors, if any.
    func check() throws(APIError) {
        if !errors.isEmpty { throw APIError(errors) }
    }

    /// A required field: nil (with an error) when missing.
    private mutating func required(_ key: String) -> JSONValue? {
        guard let value = object[key] else {
            fail(key, "Missing data for required field.")
            return nil
        }
        return value
    }

    /// A string field; `required` fields must be present. `null` is refused ("Field may not be null.").
    mutating func string(_ key: String, required: Bool) -> String? {
        guard let value = required ? self.required(key) : object[key] else { return nil }
        switch value {
        case .string(let text): return text
        case .null: fail(key, "Field may not be null.")
        default: fail(key, "Not a valid string.")
        }
        return nil
    }

    /// An object field. `nullAllowed` makes `null` mean "absent" (as PATCH's `results`).
    mutating func object(_ key: String, required: Bool, nullAllowed: Bool = false) -> JSONObject? {
        guard let value = required ? self.required(key) : object[key] else { return nil }
        switch value {
        case .object(let member): return member
        case .null where nullAllowed: return nil
        case .null: fail(key, "Field may not be null.")
        default: fail(key, "Not a valid mapping type.")
        }
        return nil
    }

    /// A boolean with marshmallow's truthy and falsy spellings.
    mutating func boolean(_ key: String) -> Bool? {
        guard let value = object[key] else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .null:
            fail(key, "Field may not be null.")
            return nil
        case .string(let text):
            if ["true", "True", "TRUE", "t", "T", "1"].contains(text) { return true }
            if ["false", "False", "FALSE", "f", "F", "0"].contains(text) { return false }
        case .number(let number):
            if number.doubleValue == 1 { return true }
            if number.doubleValue == 0 { return false }
        default: break
        }
        fail(key, "Not a valid boolean.")
        return nil
    }

    /// A job status, case-insensitive; `null` means none.
    mutating func status(_ key: String) -> JobStatus? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            if let status = JobStatus(caseInsensitive: text) { return status }
            fail(key, "Unknown value for job status enum")
        default: fail(key, "Not a valid string.")
        }
        return nil
    }

    /// A timeout in whole seconds, as marshmallow's `TimeDelta` reads it (`int(value)`), and positive.
    mutating func timeout(_ key: String) -> Int64? {
        guard let value = object[key] else { return nil }
        var seconds: Int64?
        switch value {
        case .number(let number):
            let truncated = number.doubleValue.rounded(.towardZero)
            if truncated.isFinite, abs(truncated) < 9.2e15 { seconds = Int64(truncated) }
        case .string(let text):
            seconds = Int64(text.trimming(" \t\n\r"))
        case .bool(let flag): seconds = flag ? 1 : 0
        case .null:
            fail(key, "Field may not be null.")
            return nil
        default: break
        }
        // Beyond the original's largest period (Python's `timedelta`) it answered the same as for text.
        guard let seconds, seconds <= ServiceRecord.maximumTimeoutSeconds else {
            fail(key, "Not a valid period of time.")
            return nil
        }
        if seconds < 0 {
            fail(key, "Attempted to set a negative timeout duration")
            return nil
        }
        if seconds == 0 {
            fail(key, "The timeout must be a time longer than 0 seconds")
            return nil
        }
        return seconds
    }
}

extension String {
    /// The text without leading and trailing characters from `set`.
    func trimming(_ set: String) -> String {
        var view = Substring(self)
        while let first = view.first, set.contains(first) { view.removeFirst() }
        while let last = view.last, set.contains(last) { view.removeLast() }
        return String(view)
    }
}
