import HTTPTypes

extension HTTPFields {
    /// The field's value as `self[name]` gives it, without building the joined string for the usual single
    /// field: the subscript joins lazily through generic code that showed up at about 2 % of a POST's pool time.
    func value(of name: HTTPField.Name) -> String? {
        var found: String?
        for field in self where field.name == name {
            // Two or more: the subscript's joining (", ") is the contract.
            if found != nil { return self[name] }
            found = field.value
        }
        return found
    }
}
