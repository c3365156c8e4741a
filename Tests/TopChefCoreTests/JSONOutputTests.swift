import EventStore
import Foundation
import Testing
import TopChefCore

/// The shared spelling of JSON values. The expected texts are the bytes the HTTP contract and the
/// provenance JSON wrote before they shared this writer: they must not change.
@Suite("JSONOutput spells JSON values")
struct JSONOutputTests {
    func text(_ write: (inout JSONOutput) -> Void) -> String {
        var output = JSONOutput()
        write(&output)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// Ids and hashes are spelled four bytes at a time with integer arithmetic: every byte value, at every
    /// position and length, must come out as the plain per-digit spelling.
    @Test func hexAndUUIDSpellingsMatchThePlainOnes() {
        func plainHex(_ bytes: [UInt8]) -> String {
            bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
                .joined()
        }
        var generator = SystemRandomNumberGenerator()
        let everyByte = (0...255).map { UInt8($0) }
        for bytes in [everyByte, everyByte.reversed()]
            + (0..<40).map({ count in
                (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            })
        {
            var out = [UInt8](repeating: 0, count: 2 * bytes.count)
            out.withUnsafeMutableBufferPointer { out in
                bytes.withUnsafeBytes { JSONOutput.spellHex($0, into: out.baseAddress!) }
            }
            #expect(String(decoding: out, as: UTF8.self) == plainHex(bytes))
        }
        let ids =
            [
                UUID(uuidString: "00000000-0000-0000-0000-000000000000")!,
                UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!,
                UUID(uuidString: "0123ABCD-89EF-4567-9A5B-F0E1D2C3B4A5")!,
            ] + (0..<1000).map { _ in UUID() }
        for id in ids {
            var out = [UInt8](repeating: 0, count: JSONOutput.uuidLength)
            out.withUnsafeMutableBufferPointer { JSONOutput.spellUUID(id, into: $0.baseAddress!) }
            #expect(String(decoding: out, as: UTF8.self) == id.uuidString.lowercased())
        }
    }

    @Test func rawTextBytesAndKeysAreCopiedAsTheyAre() {
        #expect(text { $0.raw("{\"a\":") } == #"{"a":"#)
        #expect(text { $0.raw(Array(#"{"b":[1]}"#.utf8)) } == #"{"b":[1]}"#)
        #expect(text { $0.raw(Array("xyz".utf8)[1...]) } == "yz")
        #expect(text { $0.byte(UInt8(ascii: ",")) } == ",")
        #expect(text { $0.key("date_submitted") } == #""date_submitted":"#)
        let literals = text {
            $0.bool(true)
            $0.bool(false)
            $0.null()
        }
        #expect(literals == "truefalsenull")
    }

    @Test func cleanStringsAreCopiedWhole() {
        #expect(text { $0.string("") } == #""""#)
        #expect(text { $0.string("plain text / with slash") } == #""plain text / with slash""#)
        #expect(text { $0.string("é中😀") } == "\"é中😀\"")
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        let value = "a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}é😀"
        #expect(text { $0.string(value) } == #""a\"b\\c\n\r\t\b\f\u0001\u001fé😀""#)
        #expect(
            text { $0.string(value, escaping: .newlinesAndTabs) } == #""a\"b\\c\n\r\t\u0008\u000c\u0001\u001fé😀""#)
        // Escapes at both ends, and nothing but escapes.
        #expect(text { $0.string("\"x\"") } == #""\"x\"""#)
        #expect(text { $0.string("\u{00}\u{7F}") } == "\"\\u0000\u{7F}\"")
    }

    @Test func integersAreDecimal() {
        #expect(text { $0.integer(0) } == "0")
        #expect(text { $0.integer(7) } == "7")
        #expect(text { $0.integer(-1_234_567_890_123) } == "-1234567890123")
        #expect(text { $0.integer(.max) } == "9223372036854775807")
        #expect(text { $0.integer(.min) } == "-9223372036854775808")
        #expect(text { $0.unsignedInteger(0) } == "0")
        #expect(text { $0.unsignedInteger(.max) } == "18446744073709551615")
    }

    @Test func paddedIntegersPadLikeTimestampDescription() {
        #expect(text { $0.paddedInteger(7, width: 2) } == "07")
        #expect(text { $0.paddedInteger(0, width: 6) } == "000000")
        #expect(text { $0.paddedInteger(2026, width: 4) } == "2026")
        #expect(text { $0.paddedInteger(12345, width: 4) } == "12345")
        #expect(text { $0.paddedInteger(-5, width: 4) } == "00-5")
    }

    @Test func uuidsAreLowercaseAndDashed() throws {
        let id = try #require(UUID(uuidString: "7AC508DD-C497-4D88-9087-C4E7628B30CB"))
        #expect(text { $0.uuid(id) } == #""7ac508dd-c497-4d88-9087-c4e7628b30cb""#)
        #expect(text { $0.uuidText(id) } == "7ac508dd-c497-4d88-9087-c4e7628b30cb")
        for _ in 0..<100 {
            let random = UUID()
            #expect(text { $0.uuidText(random) } == random.uuidString.lowercased())
        }
    }

    @Test func hexIsLowercase() {
        #expect(text { $0.hex([0x00, 0x0F, 0xAB, 0xFF]) } == #""000fabff""#)
        #expect(text { $0.hexText([]) } == "")
        #expect((0..<16).map { JSONOutput.hexDigit($0) } == Array("0123456789abcdef".utf8))
    }

    @Test func provenanceTimesAlwaysHaveMicrosecondsAndZ() {
        let time = Timestamp(microsecondsSinceEpoch: 1_772_366_403_500_000)
        #expect(text { $0.timestamp(time, style: .utcMicroseconds) } == #""2026-03-01T12:00:03.500000Z""#)
        let whole = Timestamp(microsecondsSinceEpoch: 1_772_366_403_000_000)
        #expect(text { $0.timestampText(whole, style: .utcMicroseconds) } == "2026-03-01T12:00:03.000000Z")
        let year10000 = Timestamp(microsecondsSinceEpoch: 253_402_300_800_000_000)
        #expect(text { $0.timestampText(year10000, style: .utcMicroseconds) } == "10000-01-01T00:00:00.000000Z")
    }

    @Test func contractTimesPrintLikePythonIsoformat() {
        let time = Timestamp(microsecondsSinceEpoch: 1_502_821_747_902_093)
        #expect(text { $0.timestamp(time, style: .pythonAware) } == #""2017-08-15T18:29:07.902093+00:00""#)
        #expect(text { $0.timestampText(time, style: .pythonNaive) } == "2017-08-15T18:29:07.902093")
        let whole = Timestamp(microsecondsSinceEpoch: 1_577_836_850_000_000)
        #expect(text { $0.timestampText(whole, style: .pythonAware) } == "2020-01-01T00:00:50+00:00")
        #expect(text { $0.timestampText(whole, style: .pythonNaive) } == "2020-01-01T00:00:50")
        let small = Timestamp(microsecondsSinceEpoch: 1_577_836_850_000_010)
        #expect(text { $0.timestampText(small, style: .pythonAware) } == "2020-01-01T00:00:50.000010+00:00")
        let year10000 = Timestamp(microsecondsSinceEpoch: 253_402_300_800_000_000)
        #expect(text { $0.timestampText(year10000, style: .pythonAware) } == "10000-01-01T00:00:00+00:00")
    }

    /// The provenance form is `Timestamp.description`, which tools parse; the same holds outside years
    /// 0 to 9999, where the structured writer used to fall back on `description`.
    @Test(arguments: [
        Int64(0), 1, -1, 951_782_400_000_000, 1_772_366_403_500_000, 253_402_300_799_999_999,
        253_402_300_800_000_000, -62_167_219_200_000_000, -62_167_219_200_000_001,
        9_000_000_000_000_000_000, -9_000_000_000_000_000,
    ])
    func provenanceTimesAreTimestampDescriptions(microseconds: Int64) {
        let time = Timestamp(microsecondsSinceEpoch: microseconds)
        #expect(text { $0.timestampText(time, style: .utcMicroseconds) } == time.description)
        #expect(
            text { $0.timestampText(time, style: .pythonAware) }
                == time.iso8601(dropZeroFraction: true, suffix: "+00:00"))
    }

    @Test func theStructuredWriterKeepsItsEscapesAndCommas() throws {
        let id = try #require(UUID(uuidString: "7AC508DD-C497-4D88-9087-C4E7628B30CB"))
        var writer = JSONWriter()
        writer.object { writer in
            writer.member("s", "tab\there\u{08}")
            writer.member("n", Int64.min)
            writer.member("u", UInt64.max)
            writer.member("b", true)
            writer.member("j", json: nil)
            writer.member("t", time: Timestamp(microsecondsSinceEpoch: 1_772_366_403_500_000))
            writer.key("a")
            writer.array { writer in
                writer.uuid(id)
                writer.hex([0xAB])
                writer.null()
            }
        }
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == #"{"s":"tab\there\u0008","n":-9223372036854775808,"u":18446744073709551615,"b":true,"j":null,"#
                + #""t":"2026-03-01T12:00:03.500000Z","a":["7ac508dd-c497-4d88-9087-c4e7628b30cb","ab",null]}"#)
    }
}
