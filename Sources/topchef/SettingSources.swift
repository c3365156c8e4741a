/// Where `topchef serve` finds a setting: its command-line option first, then its environment variable.
struct SettingSources {
    /// The process environment (or a test's).
    let environment: [String: String]

    /// The option's text, else the variable's, else nil.
    func text(_ option: String?, _ variable: String) -> String? {
        option ?? environment[variable]
    }

    /// The option's number, else the variable's, else nil. A variable that is not an integer is an error
    /// naming it, not a silent fallback to the default.
    func integer(_ option: Int?, _ variable: String) throws(SettingError) -> Int? {
        if let option { return option }
        guard let text = environment[variable] else { return nil }
        guard let value = Int(text) else { throw SettingError(message: "\(variable) must be an integer, not \(text)") }
        return value
    }
}

/// A setting of `topchef serve` that cannot be used; `message` names it.
struct SettingError: Error {
    let message: String
}
