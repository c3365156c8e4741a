public import Foundation

/// A map from id to position, split into 64 dictionaries by the id's last byte, so that no single
/// rehash ever moves more than a 64th of the entries.
///
/// Why: a Swift `Dictionary` rehashes every entry when it grows. With a million and a half jobs that is
/// tens of milliseconds under the projection's lock, which every request would wait for. The last byte of
/// a UUID is random in the ids TopChef makes (version 7) and in version 4 ones, so the shards fill evenly.
struct ShardedIndex: Sendable {
    private static let shardCount = 64
    private var shards = [[UUID: Int32]](repeating: [:], count: shardCount)

    /// An empty index.
    init() {}

    private static func shard(of id: UUID) -> Int {
        Int(id.uuid.15) & (shardCount - 1)
    }

    /// The position stored for `id`, or nil.
    subscript(id: UUID) -> Int32? {
        get { shards[Self.shard(of: id)][id] }
        set { shards[Self.shard(of: id)][id] = newValue }
    }
}
