import EventStore
import Foundation
import Testing
import TopChefCore

/// The ids TopChef makes and prints.
struct UUIDTests {
    @Test func lowercasedStringIsFoundationsTextLowercased() {
        var ids = (0..<1000).map { _ in UUID() }
        ids.append(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        ids.append(UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))
        for id in ids { #expect(id.lowercasedString == id.uuidString.lowercased()) }
    }

    @Test func timeOrderedIdsAreVersion7WithTheTimeFirstAndDistinctRandomBits() {
        let now = Timestamp(microsecondsSinceEpoch: 1_764_000_000_123_456)
        let ids = (0..<2000).map { _ in UUID.timeOrdered(now: now) }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let text = id.lowercasedString
            #expect(text.hasPrefix("019ab697-e87b-7"), "48 bits of Unix milliseconds first: \(text)")
            let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 7, "version 7")
            #expect(bytes[8] >> 6 == 0b10, "RFC 9562 variant")
        }
        // Later times sort later, whatever the random bits.
        let later = UUID.timeOrdered(now: Timestamp(microsecondsSinceEpoch: 1_764_000_000_124_456))
        #expect(ids.allSatisfy { $0.lowercasedString < later.lowercasedString })
    }
}
