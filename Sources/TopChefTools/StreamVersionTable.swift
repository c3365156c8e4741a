import Foundation

/// The version reached by each stream, looked up by the stream name's bytes as stored in a record, so that
/// reading a log of millions of events does not build a `String` per event.
///
/// Open addressing over a power-of-two array of slots; names are kept side by side in one byte arena.
struct StreamVersionTable {
    private struct Slot {
        var hash: UInt64 = 0
        var offset: Int32 = -1
        var length: Int32 = 0
        var version: UInt64 = 0
    }

    private var slots: [Slot]
    private var mask: Int
    private var arena: [UInt8] = []
    /// How many streams it holds.
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * 40)
    }

    /// The version of stream `name` (0 when it has no events yet).
    func version(of name: UnsafeRawBufferPointer) -> UInt64 {
        let index = find(name, hash: Self.hash(name))
        return slots[index].offset < 0 ? 0 : slots[index].version
    }

    /// Sets the version of stream `name`.
    mutating func setVersion(_ version: UInt64, of name: UnsafeRawBufferPointer) {
        let hash = Self.hash(name)
        var index = find(name, hash: hash)
        if slots[index].offset < 0 {
            if (count + 1) * 2 > slots.count {
                grow()
                index = find(name, hash: hash)
            }
            slots[index].hash = hash
            slots[index].offset = Int32(arena.count)
            slots[index].length = Int32(name.count)
            arena.append(contentsOf: name)
            count += 1
        }
        slots[index].version = version
    }

    /// The slot holding `name`, or the empty slot where it would go.
    private func find(_ name: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        var index = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBytes { arena in
                while true {
                    let slot = slots[index]
                    if slot.offset < 0 { return index }
                    if slot.hash == hash, Int(slot.length) == name.count,
                        name.count == 0
                            || memcmp(arena.baseAddress! + Int(slot.offset), name.baseAddress!, name.count) == 0
                    {
                        return index
                    }
                    index = (index + 1) & mask
                }
            }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.offset >= 0 {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].offset >= 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    /// FNV-1a, then a final mix so that the low bits used for the slot depend on every byte.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
