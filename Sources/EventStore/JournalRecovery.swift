import Foundation

/// Reads what the ``CommitJournal`` files of a log hold beyond `data.mdb`: at a writable open, to put it in
/// `data.mdb` before anything else happens; at a read-only open (or a later look), to show it to readers.
///
/// Commits are taken whole or not at all (an append's events are all or nothing): a commit is taken when its
/// padding frame follows it (it was written whole), every event's record matches its hash and continues the
/// chain, and every annotation matches its checksum. The first commit that does not ends its file. That is
/// how a crash in the middle of the last commit's write is cut off: nothing after it was acknowledged. A
/// crash cannot leave anything behind a torn commit, because each commit is flushed before the next is
/// written; so a whole commit that holds new events *after* the one that ended the file means that one was
/// damaged after it had been acknowledged, and that is reported, never cut.
enum JournalRecovery {
    /// What the journal adds to a `data.mdb` that ends at some head.
    struct Found {
        /// The events after the head, in order, each one's hash and place in the chain verified.
        var tail = JournalTail.Contents()
        /// The newest generation in either file (0 when there is none).
        var newestGeneration: UInt64 = 0
        /// The file whose generation is older (or that holds none): the one to write next.
        var olderFile = 0
        /// The last event found, if any: the log's head after the tail.
        var last: (sequence: UInt64, hash: [UInt8], recordedAt: Timestamp)?
    }

    /// The bytes of both journal files (empty for one that does not exist).
    ///
    /// A reader of a log that a writer may be checkpointing reads them *before* it reads the head of
    /// `data.mdb`: what the files held then covers every event after the head it reads later, except when
    /// the writer has meanwhile checkpointed and reused a file twice, which a second look settles.
    struct Files {
        var bytes: [[UInt8]]

        /// Reads the journal files of the log in `directory`.
        init(directory: String) throws(EventStoreError) {
            bytes = []
            for name in CommitJournal.fileNames {
                let path = directory + "/" + name
                guard FileManager.default.fileExists(atPath: path) else {
                    bytes.append([])
                    continue
                }
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw .storage(path: directory, message: "\(name) cannot be read")
                }
                bytes.append([UInt8](data))
            }
        }
    }

    /// The journal of the log in `directory` after an event log whose last event is `sequence` with `hash`
    /// (see ``continuation(of:directory:after:hash:)``).
    static func read(directory: String, after sequence: UInt64, hash: [UInt8]) throws(EventStoreError) -> Found {
        try continuation(of: Files(directory: directory), directory: directory, after: sequence, hash: hash)
    }

    /// What `files` hold after an event log whose last event is `sequence` with `hash`: events already in
    /// `data.mdb` are skipped, annotations are taken in order (applying those `data.mdb` has again is
    /// harmless: the newer come after).
    ///
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` when acknowledged events are missing: the
    ///   journal goes on after a gap, or a damaged commit has later whole commits behind it.
    static func continuation(of files: Files, directory: String, after sequence: UInt64, hash: [UInt8])
        throws(EventStoreError) -> Found
    {
        let parsed = files.bytes.map(JournalFrame.readCommits)
        var found = Found()
        let order = parsed.indices.sorted { (parsed[$0].generation ?? 0) < (parsed[$1].generation ?? 0) }
        found.olderFile = order[0]
        found.newestGeneration = parsed.compactMap(\.generation).max() ?? 0
        var chain = Continuation(expected: sequence + 1, previousHash: hash)
        var recovered: [JournaledEvent] = []
        // Where each file's taking stopped: the offset of the commit that ended it, or where reading it
        // ended (a damaged header ends the reading itself).
        var stops: [Int] = parsed.map(\.end)
        for index in order where parsed[index].generation != nil {
            for commit in parsed[index].commits {
                guard commit.isComplete, let taken = try chain.take(commit, directory: directory) else {
                    stops[index] = commit.offset
                    break
                }
                recovered += taken.events
                found.tail.annotations += taken.annotations
            }
        }
        for (index, stop) in stops.enumerated() {
            try checkNothingAcknowledgedFollows(
                files.bytes[index], after: stop, expected: chain.expected, directory: directory)
        }
        if !recovered.isEmpty { found.tail.commits = [recovered] }
        if let last = chain.last { found.last = last }
        return found
    }

    /// The chain as the taking goes on.
    private struct Continuation {
        var expected: UInt64
        var previousHash: [UInt8]
        var last: (sequence: UInt64, hash: [UInt8], recordedAt: Timestamp)?

        /// The commit's events after the chain and its annotations, and the chain moved on past them; nil
        /// (and the chain unchanged) when a frame of it does not check out.
        mutating func take(_ commit: JournalFrame.Commit, directory: String) throws(EventStoreError)
            -> (events: [JournaledEvent], annotations: [JournaledAnnotation])?
        {
            var copy = self
            var events: [JournaledEvent] = []
            var annotations: [JournaledAnnotation] = []
            for frame in commit.frames {
                switch frame.kind {
                case .padding:
                    continue
                case .annotation:
                    guard let (key, value) = JournalFrame.annotation(in: frame.payload) else { return nil }
                    annotations.append(JournaledAnnotation(key: key, value: value))
                case .event:
                    guard let event = JournalRecovery.event(frame.payload) else { return nil }
                    if event.sequence < copy.expected { continue }
                    if event.sequence > copy.expected {
                        throw .damaged(
                            path: directory, sequence: copy.expected,
                            reason: "the journal goes on at event \(event.sequence), but data.mdb and the journal "
                                + "end at \(copy.expected - 1)")
                    }
                    guard event.previousHash == copy.previousHash else { return nil }
                    events.append(
                        JournaledEvent(
                            sequence: event.sequence, streamName: event.streamID.name,
                            streamVersion: event.streamVersion, record: frame.payload))
                    copy.last = (event.sequence, event.hash, event.recordedAt)
                    copy.previousHash = event.hash
                    copy.expected += 1
                }
            }
            self = copy
            return (events, annotations)
        }
    }

    /// Throws when a commit of `file` that starts after `stop` (the commit that ended the taking, or where
    /// reading the file ended) holds an event the taking did not reach (`expected` or later): it was written,
    /// flushed and acknowledged after the commit at `stop`, which must then have been damaged since. Commits
    /// start on a block boundary, so only those are looked at; frames of older generations hold only events
    /// `data.mdb` has, and are passed over by their sequence number before any hashing.
    private static func checkNothingAcknowledgedFollows(
        _ file: [UInt8], after stop: Int, expected: UInt64, directory: String
    ) throws(EventStoreError) {
        let alignment = AlignedBuffer.alignment
        // The block after the one `stop` is in: the commit at `stop` itself may be the torn last one.
        var offset = (stop / alignment + 1) * alignment
        let acknowledged: UInt64? = file.withUnsafeBytes { bytes in
            while offset + JournalFrame.headerSize <= bytes.count {
                defer { offset += alignment }
                guard let frame = JournalFrame.frame(in: bytes, at: offset), frame.startsCommit,
                    frame.kind == .event, (sequence(of: frame.payload) ?? .max) >= expected,
                    let event = event(frame.payload), event.sequence >= expected
                else { continue }
                return event.sequence
            }
            return nil
        }
        if let acknowledged {
            throw .damaged(
                path: directory, sequence: expected,
                reason: "the journal holds a damaged entry before event \(acknowledged), which was acknowledged")
        }
    }

    /// The sequence number a record says it has (unchecked), or nil when it does not start like a record.
    private static func sequence(of record: [UInt8]) -> UInt64? {
        record.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes)
            guard (try? reader.readByte()) == EventRecordCodec.recordFormat else { return nil }
            return try? reader.readVarint()
        }
    }

    /// The event a frame holds, when its record decodes and its hash matches.
    private static func event(_ record: [UInt8]) -> RecordedEvent? {
        record.withUnsafeBytes { try? EventRecordCodec.decode($0, verifyHash: true) }
    }
}
