extension FormatChecker {
    /// RFC 2673 dotted-quad: four decimal octets 0–255, ASCII digits only, no leading zeros (which
    /// some parsers read as octal).
    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isDigit) else { return false }
            if part.count > 1 && part.first == UInt8(ascii: "0") { return false }
            if part.reduce(0, { $0 * 10 + Int($1 - 0x30) }) > 255 { return false }
        }
        return true
    }

    /// RFC 4291 section 2.2 text form: eight groups of 1–4 hex digits, one `::` for a run of zero
    /// groups, an optional trailing dotted-quad standing for the last two groups; no zone or prefix.
    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        var groups = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)[...]
        guard groups.count >= 3 || (groups.count == 3 && bytes.count == 2) else { return false }
        var total = 0
        var compressed = false
        // Leading or trailing "::" shows up as two empty groups at that end.
        if groups.first!.isEmpty {
            guard groups[groups.startIndex + 1].isEmpty else { return false }
            groups.removeFirst()
        }
        if groups.last!.isEmpty {
            guard groups[groups.endIndex - 2].isEmpty else { return false }
            groups.removeLast()
        }
        for (offset, group) in groups.enumerated() {
            if group.isEmpty {
                guard !compressed else { return false }
                compressed = true
            } else if offset == groups.count - 1, group.contains(UInt8(ascii: ".")) {
                guard isIPv4(group) else { return false }
                total += 2
            } else {
                guard group.count <= 4, group.allSatisfy(\.isHexDigit) else { return false }
                total += 1
            }
        }
        return compressed ? total <= 7 : total == 8
    }
}
