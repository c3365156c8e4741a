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
    /// A padding frame's length after its header (its payload is not kept).
    var paddingLength = 0

    /// One commit's frames in a journal file.
    struct Commit {
        /// Where its first frame starts.
        var offset: Int
        var frames: [JournalFrame] = []
        /// Whether its padding frame follows it: it was written whole (unless a crash tore its middle).
        var isComplete = false
    }

    /// Appends a frame to `buffer`; the first frame in an empty buffer starts a commit.
    static func append(kind: Kind, generation: UInt64, payload: [UInt8], to buffer: AlignedBuffer) {
        appendHeader(kind: kind, generation: generation, length: payload.count, to: buffer)
        buffer.append(payload)
    }

    /// Ends the commit in `buffer` with a padding frame that fills it to a multiple of
    /// ``AlignedBuffer/alignment`` (a whole block when it is full already: the padding frame is what marks a
    /// commit written whole).
    static func pad(_ buffer: AlignedBuffer, generation: UInt64) {
        let alignment = AlignedBuffer.alignment
        var room = (alignment - buffer.count % alignment) % alignment
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

    /// The commits of one journal file, from its start, while its frames are whole and of the first frame's
    /// generation: what a crash left of the file's current generation (the last commit may be cut short;
    /// what follows is an older generation, or zeros). A commit is its frames from one that starts a commit
    /// to its padding frame; the frames after the last padding frame are a commit that is not complete.
    /// `end` is where reading stopped.
    static func readCommits(_ bytes: [UInt8]) -> (generation: UInt64?, commits: [Commit], end: Int) {
        var commits: [Commit] = []
        var offset = 0
        var generation: UInt64?
        var current: Commit?
        bytes.withUnsafeBytes { file in
            while let frame = frame(in: file, at: offset), generation == nil || generation == frame.generation {
                // A commit starts with a frame that says so, and only there.
                guard frame.startsCommit == (current == nil) else { break }
                generation = frame.generation
                offset += headerSize + (frame.kind == .padding ? frame.paddingLength : frame.payload.count)
                if current == nil { current = Commit(offset: frame.offset) }
                if frame.kind == .padding {
                    current!.isComplete = true
                    commits.append(current!)
                    current = nil
                } else {
                    current!.frames.append(frame)
                }
            }
        }
        if let current { commits.append(current) }
        return (generation, commits, offset)
    }

    /// The frame at `offset`, if its header is one and its payload fits in the file (a padding frame's
    /// payload is not copied). Checks nothing else: an event's record is checked by its hash, an
    /// annotation's by its checksum.
    static func frame(in file: UnsafeRawBufferPointer, at offset: Int) -> JournalFrame? {
        guard offset >= 0, offset + headerSize <= file.count,
            UInt32(littleEndian: file.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) == magic,
            let kind = Kind(rawValue: file[offset + 4])
        else { return nil }
        let length = Int(UInt32(littleEndian: file.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)))
        let start = offset + headerSize
        guard length <= file.count - start else { return nil }
        return JournalFrame(
            kind: kind, startsCommit: file[offset + 5] & 1 != 0,
            generation: UInt64(littleEndian: file.loadUnaligned(fromByteOffset: offset + 12, as: UInt64.self)),
            payload: kind == .padding ? [] : Array(UnsafeRawBufferPointer(rebasing: file[start..<(start + length)])),
            offset: offset, paddingLength: kind == .padding ? length : 0)
    }

    /// The frames of one journal file's whole commits, in order (for tools and tests that look at them).
    static func readFile(_ bytes: [UInt8]) -> [JournalFrame] {
        readCommits(bytes).commits.filter(\.isComplete).flatMap(\.frames)
    }
}
