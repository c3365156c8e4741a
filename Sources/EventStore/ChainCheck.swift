import LMDB

/// The checks that make a log's records trustworthy, one record at a time in key order from sequence
/// number 1: the numbers run from 1 without a gap, each record's stored hash is the SHA-256 of its content,
/// it says the sequence number it is stored under, and its previous hash is the hash of the record before
/// it (the genesis hash for the first).
///
/// Records are read and hashed in place (``EventRecordCodec/hashMatches(_:)``); only a record that fails
/// is decoded again, for the exact reason. The hash alone does not protect the chain: a forger can rewrite
/// a record and store the hash of the new content, which only the next record's previous hash betrays.
struct ChainCheck {
    /// The first thing wrong with a record.
    struct Failure: Sendable, Equatable {
        /// The first bad sequence number.
        var sequence: UInt64
        /// What is wrong with it.
        var reason: String
    }

    /// The sequence number the next record must have.
    private(set) var expected: UInt64 = 1
    /// The hash of the last record that passed (zeros, the genesis hash, before the first), as four words so
    /// that comparing costs no allocation and no call.
    private var previousHash = SIMD4<UInt64>(repeating: 0)

    /// The sequence number of the last record that passed (0 before the first).
    var checkedThrough: UInt64 { expected - 1 }

    /// A check from the first event on.
    init() {}

    /// A check that goes on after event `sequence`, whose hash is `hash` (checked already).
    init(after sequence: UInt64, hash: [UInt8]) {
        expected = sequence + 1
        previousHash = hash.withUnsafeBytes { Self.words($0, at: 0) }
    }

    /// What a record must hold for the reads below: its format byte, a sequence number, previous hash and
    /// hash (a real record is longer; one this short fails its hash or says the wrong number).
    private static let minimumRecordSize = 2 + 64

    /// Checks the record stored under `key`; returns what is wrong with it, or nil (and moves on).
    mutating func check(key: UnsafeRawBufferPointer, record: UnsafeRawBufferPointer) -> Failure? {
        guard key.count == 8, let sequence = BigEndianKey.uint64(key) else {
            return Failure(sequence: expected, reason: "a key of \(key.count) bytes is stored where it should be")
        }
        guard sequence == expected else {
            let missing = sequence &- expected
            return Failure(
                sequence: expected,
                reason: missing == 1
                    ? "the event is missing (the log goes from \(expected - 1) to \(sequence))"
                    : "\(missing) events are missing (the log goes from \(expected - 1) to \(sequence))")
        }
        guard record.count >= Self.minimumRecordSize, EventRecordCodec.hashMatches(record) else {
            return Failure(sequence: sequence, reason: Self.reason(record))
        }
        // The hash matches, so these bytes are what the writer stored: the fixed-offset fields are where
        // the format puts them.
        var reader = BinaryReader(record)
        guard (try? reader.readByte()) == EventRecordCodec.recordFormat, let stated = try? reader.readVarint() else {
            return Failure(sequence: sequence, reason: Self.reason(record))
        }
        guard stated == sequence else {
            return Failure(sequence: sequence, reason: "the record says it is number \(stated)")
        }
        let previousOffset = record.count - 64
        guard Self.words(record, at: previousOffset) == previousHash else {
            return Failure(
                sequence: sequence,
                reason: sequence == 1
                    ? "its previous hash is not the genesis hash"
                    : "its previous hash is not the hash of event \(sequence - 1): the chain is broken")
        }
        previousHash = Self.words(record, at: previousOffset + 32)
        expected += 1
        return nil
    }

    /// Why a record whose hash does not match (or that is too short to hold one) is bad, in the words of
    /// ``EventRecordCodec``.
    private static func reason(_ record: UnsafeRawBufferPointer) -> String {
        do {
            _ = try EventRecordCodec.decode(record, verifyHash: true)
        } catch {
            return error.description
        }
        return "the record does not decode"
    }

    private static func words(_ record: UnsafeRawBufferPointer, at offset: Int) -> SIMD4<UInt64> {
        SIMD4(
            record.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
            record.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self),
            record.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self),
            record.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
    }
}
