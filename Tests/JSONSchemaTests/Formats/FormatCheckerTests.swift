import Testing

@testable import JSONSchema

/// Format behaviour beyond the official suite.
struct FormatCheckerTests {
    private func check(_ format: String, _ value: String) -> Bool {
        FormatChecker.check(format: format, string: value)
    }

    @Test func unknownFormatsPass() {
        #expect(check("no-such-format", "anything"))
        #expect(FormatChecker.knownFormats.contains("idn-hostname"))
    }

    @Test func dateTimeLeapSecondsFollowTheOffset() {
        #expect(check("date-time", "2016-12-31T23:59:60Z"))
        #expect(check("date-time", "2017-01-01T05:29:60+05:30"))
        #expect(!check("date-time", "2016-12-31T23:59:60+01:00"))
        #expect(check("time", "00:59:60+01:00"))
        #expect(!check("date", "2023-02-29"))
        #expect(check("date", "2024-02-29"))
    }

    @Test func durations() {
        #expect(check("duration", "P1Y2M3DT4H5M6S"))
        #expect(check("duration", "P3W"))
        #expect(!check("duration", "P1Y3D"))  // months may not be skipped in RFC 3339's grammar
        #expect(!check("duration", "PT"))
        #expect(!check("duration", "P1W2D"))
    }

    @Test func addresses() {
        #expect(check("ipv4", "10.0.0.255"))
        #expect(!check("ipv4", "10.0.0.01"))
        #expect(check("ipv6", "fe80::1:2"))
        #expect(check("ipv6", "::ffff:10.0.0.1"))
        #expect(!check("ipv6", "1::2::3"))
        #expect(!check("ipv6", "1:2:3:4:5:6:7:8:9"))
    }

    @Test func hostnamesAndPunycode() {
        #expect(check("hostname", "api.topchef.example"))
        #expect(!check("hostname", "under_score.example"))
        #expect(check("hostname", "xn--bcher-kva.example"))  // bücher
        #expect(!check("hostname", "xn--X.example"))
        #expect(check("idn-hostname", "bücher.example"))
        #expect(!check("idn-hostname", "Bücher.example"))  // upper case is DISALLOWED in IDNA2008
        #expect(Punycode.encode(Array("bücher".unicodeScalars.map(\.value))) == "bcher-kva")
        #expect(Punycode.decode("bcher-kva") == Array("bücher".unicodeScalars.map(\.value)))
    }

    @Test func emails() {
        #expect(check("email", "chef+jobs@topchef.example"))
        #expect(check("email", "\"quoted local\"@example.com"))
        #expect(!check("email", "a..b@example.com"))
        #expect(!check("email", "δοκιμή@example.com"))
        #expect(check("idn-email", "δοκιμή@παράδειγμα.δοκιμή"))
        #expect(!check("email", String(repeating: "a", count: 65) + "@example.com"))
    }

    @Test func urisAndIRIs() {
        #expect(check("uri", "https://user@example.com:8080/a/b?c=d#e"))
        #expect(!check("uri", "/relative"))
        #expect(check("uri-reference", "../x?y#z"))
        #expect(!check("uri-reference", "a b"))
        #expect(check("iri", "https://例え.jp/パス"))
        #expect(!check("uri", "https://例え.jp/"))
        #expect(check("uri", "http://[v7.abc:def]/"))
    }

    @Test func pointersTemplatesAndRegexes() {
        #expect(check("json-pointer", "/a~0b/c~1d"))
        #expect(!check("json-pointer", "a"))
        #expect(check("relative-json-pointer", "2/foo"))
        #expect(check("relative-json-pointer", "0#"))
        #expect(!check("relative-json-pointer", "01"))
        #expect(check("uri-template", "/jobs/{id}{?state,limit}"))
        #expect(!check("uri-template", "/jobs/{id"))
        #expect(check("regex", "^[a-z]+$"))
        #expect(!check("regex", "^[a-z+$"))
        #expect(check("uuid", "123e4567-e89b-12d3-a456-426614174000"))
        #expect(!check("uuid", "123e4567e89b12d3a456426614174000"))
    }
}
