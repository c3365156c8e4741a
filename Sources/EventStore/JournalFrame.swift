internal import Crypto
import Foundation

/// One entry of the ``CommitJournal``, as stored (little-endian):
///
/// ```
/// u32  magic "TCJ1"
/// u8   kind: 1 event, 2 annotation, 3 padding (to the end of a commit's last block; skipped)
/// u8   flags: 1 = the first frame of a commit
/// u8   0, 0
/// u32  payload length
/// u64  generation
/// ...  payload
/// ```
///
/// An event's payload is its stored record (``EventRecordCodec``), whose hash and previous hash are what
/// proves it whole and in place: recovery takes event frames only while each continues the chain. An
/// annotation's payload is `u32 key length, key, value`, then a SHA-256 of those bytes, because nothing
/// else vouches for it.
///
/// The flag that marks a commit's first frame is what tells a torn tail from damage: a crash can only cut
/// short the last commit (each commit is flushed before the next is written), so a frame that does not
/// check out but is followed by the start of a whole later commit was damaged after it was acknowledged.
struct JournalFrame {
    enum Kind: UInt8 {
        case event = 1
        case annotation = 2
        case padding = 3
    }

    static let magic: UInt32 = 0x314A_4354
    static let headerSize = 20

    let kind: Kind
    /// Whether this is the first frame of a commit.
    let startsCommit: Bool
    let generation: UInt64
    let payload: [UInt8]
    /// Where the frame starts in its file (0 for a frame not read from one).
    var offset = 0

    /// Appends a frame to `buffer`; the first frame in an empty buffer starts a commit.
    static func append(kind: Kind, generation: UInt64, payload: [UInt8], to buffer: AlignedBuffer) {
        appendHeader(kind: kind, generation: generation, length: payload.count, to: buffer)
        buffer.append(payload)
    }

    /// Pads `buffer` with a padding frame to a multiple of ``AlignedBuffer/alignment``.
    static func pad(_ buffer: AlignedBuffer, generation: UInt64) {
        let alignment = AlignedBuffer.alignment
        var room = (alignment - buffer.count % alignment) % alignment
        guard room > 0 else { return }
        if room < headerSize { room += alignment }
        appendHeader(kind: .padding, generation: generation, length: room - headerSize, to: buffer)
        buffer.appendZeros(room - headerSize)
    }

    private static func appendHeader(kind: Kind, generation: UInt64, length: Int, to buffer: AlignedBuffer) {
        let startsCommit = buffer.isEmpty
        buffer.append(littleEndian: magic)
        // Kind, then the flags byte (1: the first frame of a commit), then two zero bytes.
        buffer.append(littleEndian: UInt32(kind.rawValue) | (startsCommit ? 0x100 : 0))
        buffer.append(littleEndian: UInt32(length))
        buffer.append(littleEndian: generation)
    }

    /// An annotation's payload, checksum included.
    static func annotationPayload(key: [UInt8], value: [UInt8]) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(4 + key.count + value.count + 32)
        withUnsafeBytes(of: UInt32(key.count).littleEndian) { payload.append(contentsOf: $0) }
        payload.append(contentsOf: key)
        payload.append(contentsOf: value)
        payload.append(contentsOf: SHA256.hash(data: payload).withUnsafeBytes { [UInt8]($0) })
        return payload
    }

    /// The key and value of an annotation's payload, or nil when its checksum does not match (a torn write).
    static func annotation(in payload: [UInt8]) -> (key: [UInt8], value: [UInt8])? {
        guard payload.count >= 36 else { return nil }
        let body = payload[..<(payload.count - 32)]
        let digest = SHA256.hash(data: body).withUnsafeBytes { [UInt8]($0) }
        guard digest.elementsEqual(payload[(payload.count - 32)...]) else { return nil }
        let keyCount = payload.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
        guard 4 + keyCount <= body.count else { return nil }
        return (Array(payload[4..<(4 + keyCount)]), Array(payload[(4 + keyCount)..<body.count]))
    }

    /// The frames of one journal file, from its start, while they are whole and of the first frame's
    /// generation: what a crash left of the file's current generation (its tail may be cut short; what
    /// follows it is an older generation, or zeros). Empty for a file that starts with neither.
    static func readFile(_ bytes: [UInt8]) -> [JournalFrame] {
        var frames: [JournalFrame] = []
        var offset = 0
        var generation: UInt64?
        bytes.withUnsafeBytes { file in
            while offset + headerSize <= file.count {
                guard UInt32(littleEndian: file.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) == magic,
                    let kind = Kind(rawValue: file[offset + 4])
                else { break }
                let length = Int(UInt32(littleEndian: file.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)))
                let frameGeneration = UInt64(
                    littleEndian: file.loadUnaligned(fromByteOffset: offset + 12, as: UInt64.self))
                guard generation == nil || generation == frameGeneration,
                    offset + headerSize + length <= file.count
                else { break }
                generation = frameGeneration
                let start = offset + headerSize
                offset = start + length
                if kind == .padding { continue }
                frames.append(
                    JournalFrame(
                        kind: kind, startsCommit: file[start - headerSize + 5] & 1 != 0, generation: frameGeneration,
                        payload: Array(UnsafeRawBufferPointer(rebasing: file[start..<(start + length)])),
                        offset: start - headerSize))
            }
        }
        return frames
    }
}
