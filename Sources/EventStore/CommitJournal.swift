import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The commit journal: where a group commit becomes durable. Two files in the log directory,
/// `journal-0` and `journal-1`; the writer appends each commit's frames (see ``JournalFrame``) to one of
/// them with one `pwrite` and one `fdatasync`, and acknowledges the commit after that flush.
///
/// Why not commit to LMDB directly: a durable LMDB commit writes a dozen scattered copy-on-write pages and
/// flushes twice (the pages, then the meta page). On the 2-core development VM that fixed cost (about
/// 115 µs of CPU and 240 µs of waiting per commit) bounded group commit and the server's submissions.
/// One sequential write and one flush cost about half. The events reach `data.mdb` later, many commits at a
/// time, in a checkpoint (see ``Checkpointer``), which is an ordinary durable LMDB transaction.
///
/// Each file holds one *generation*: the frames written between two switches, all stamped with the
/// generation's number. The writer switches files when it seals a generation for checkpointing, and only
/// ever reuses a file whose generation is in `data.mdb` already; so at most two generations are not
/// checkpointed, one per file. A reused file keeps older frames behind the new ones; their generation
/// number is what tells them apart, and reading a file stops at the first frame of another generation.
///
/// The files are filled with written zeros ahead of the writes (``preallocationStep``), so that a flush
/// overwrites allocated blocks and needs no change of the file's size or block map.
final class CommitJournal {
    /// The names of the two journal files, in the log directory.
    static let fileNames = ["journal-0", "journal-1"]
    /// Zeros written ahead of the frames at a time.
    static let preallocationStep = 8 << 20

    private let directory: String
    private let descriptors: [Int32]
    /// The bytes of each file that are allocated and written (zeros or frames).
    private var written: [Int]
    /// Whether commits are flushed (`false` only for throwaway logs).
    private let durable: Bool
    /// The file being written, 0 or 1.
    private(set) var current: Int
    /// Where the next frame goes in the current file.
    private(set) var offset = 0
    /// The generation of the frames being written.
    private(set) var generation: UInt64
    /// Frames encoded for the next ``commit()``.
    private(set) var pending: [UInt8] = []

    /// Opens (creating when needed) the journal files of `directory` for writing generation `generation`
    /// into file `current`, whose frames must all be in `data.mdb` already.
    init(directory: String, current: Int, generation: UInt64, durable: Bool) throws(EventStoreError) {
        self.directory = directory
        self.current = current
        self.generation = generation
        self.durable = durable
        var descriptors: [Int32] = []
        var written: [Int] = []
        for name in Self.fileNames {
            let path = directory + "/" + name
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                let reason = String(cString: strerror(errno))
                for open in descriptors { close(open) }
                throw .storage(path: directory, message: "cannot open \(name): \(reason)")
            }
            descriptors.append(descriptor)
            var status = stat()
            fstat(descriptor, &status)
            written.append(Int(status.st_size))
        }
        self.descriptors = descriptors
        self.written = written
        pending.reserveCapacity(1 << 20)
        // The new generation must be recognisable from its first frame on: a reused file holds frames of
        // an older one at offset 0.
    }

    deinit {
        for descriptor in descriptors { close(descriptor) }
    }

    /// Adds an event's frame to the next commit.
    func addEvent(record: [UInt8]) {
        JournalFrame.append(kind: .event, generation: generation, payload: record, to: &pending)
    }

    /// Adds an annotation's frame to the next commit.
    func addAnnotation(key: [UInt8], value: [UInt8]) {
        JournalFrame.append(
            kind: .annotation, generation: generation, payload: JournalFrame.annotationPayload(key: key, value: value),
            to: &pending)
    }

    /// Forgets the frames added since the last commit (a batch that failed before it was written).
    func discardPending() {
        pending.removeAll(keepingCapacity: true)
    }

    /// Writes the frames added since the last commit and, for a durable journal, flushes them: when this
    /// returns, they survive a crash of the process and of the machine.
    /// - Throws: ``EventStoreError/storage(path:message:)`` when the write or the flush fails. After a failed
    ///   flush nobody knows what reached the disk: the caller must stop writing (see ``LMDBEventStore``).
    func commit() throws(EventStoreError) {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        let descriptor = descriptors[current]
        let end = offset + pending.count
        if end > written[current] {
            try preallocate(file: current, through: end)
        }
        let writeError: Int32? = pending.withUnsafeBytes { bytes in
            var done = 0
            while done < bytes.count {
                let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return count < 0 ? errno : ENOSPC }
                done += count
            }
            return nil
        }
        if let writeError {
            errno = writeError
            throw failure("cannot write the journal")
        }
        if durable {
            guard fdatasync(descriptor) == 0 else { throw failure("cannot flush the journal") }
        }
        offset = end
    }

    /// Starts the next generation in the other file, whose frames must all be in `data.mdb` already.
    func switchFiles() {
        precondition(pending.isEmpty, "frames were added but not committed before a switch")
        current = 1 - current
        offset = 0
        generation += 1
    }

    /// Writes zeros to `file` from its written end past `end`, and flushes the new size, so that later
    /// flushes of frames there change nothing but data.
    private func preallocate(file: Int, through end: Int) throws(EventStoreError) {
        let descriptor = descriptors[file]
        let target = (end / Self.preallocationStep + 1) * Self.preallocationStep
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        var position = written[file]
        while position < target {
            let count = min(zeros.count, target - position)
            let done = zeros.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, count, off_t(position)) }
            if done < 0 && errno == EINTR { continue }
            guard done > 0 else { throw failure("cannot extend the journal") }
            position += done
        }
        if durable {
            guard fsync(descriptor) == 0 else { throw failure("cannot flush the journal") }
        }
        written[file] = position
    }

    private func failure(_ what: String) -> EventStoreError {
        .storage(path: directory, message: "\(what) \(Self.fileNames[current]): \(String(cString: strerror(errno)))")
    }
}
