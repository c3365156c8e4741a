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
/// overwrites allocated blocks and needs no change of the file's size or block map. Durable journals write
/// with `O_DIRECT | O_DSYNC` where the file system allows it (see ``isDirect``).
final class CommitJournal {
    /// The names of the two journal files, in the log directory.
    static let fileNames = ["journal-0", "journal-1"]
    /// Zeros written ahead of the frames at a time.
    static let preallocationStep = 8 << 20

    /// `O_DIRECT`, which Swift's Glibc module does not export (it is a `_GNU_SOURCE` name); its value depends
    /// on the architecture. Elsewhere there is none, and every open takes the buffered way.
    #if os(Linux) && arch(x86_64)
        private static let directFlag: Int32 = 0o40000
    #elseif os(Linux) && (arch(arm64) || arch(arm))
        private static let directFlag: Int32 = 0o200000
    #else
        private static let directFlag: Int32 = 0
    #endif

    private let directory: String
    private let descriptors: [Int32]
    /// The bytes of each file that are allocated and written (zeros or frames).
    private var written: [Int]
    /// Whether commits are flushed (`false` only for throwaway logs).
    private let durable: Bool
    /// Whether the files were opened with `O_DIRECT | O_DSYNC`: each commit is then one synchronous write
    /// from ``pending`` to the disk, without a copy into the page cache and its writeback, which on this VM
    /// cost a quarter less CPU per commit than `pwrite` and `fdatasync` (38 µs against 51–57 µs for 8–48 KiB).
    /// File systems that refuse direct I/O (`EINVAL` at open) get `pwrite` and `fdatasync`.
    let isDirect: Bool
    /// The file being written, 0 or 1.
    private(set) var current: Int
    /// Where the next frame goes in the current file.
    private(set) var offset = 0
    /// The generation of the frames being written.
    private(set) var generation: UInt64
    /// Frames encoded for the next ``commit()``.
    let pending = AlignedBuffer(capacity: 1 << 20)

    /// Opens (creating when needed) the journal files of `directory` for writing generation `generation`
    /// into file `current`, whose frames must all be in `data.mdb` already.
    init(directory: String, current: Int, generation: UInt64, durable: Bool) throws(EventStoreError) {
        self.directory = directory
        self.current = current
        self.generation = generation
        self.durable = durable
        if durable, Self.directFlag != 0, let files = try Self.openFiles(directory: directory, direct: true) {
            (descriptors, written, isDirect) = (files.descriptors, files.sizes, true)
        } else {
            // No direct I/O here (or no need to flush): both files go through the page cache.
            let files = try Self.openFiles(directory: directory, direct: false)!
            (descriptors, written, isDirect) = (files.descriptors, files.sizes, false)
        }
    }

    /// Opens both files, with `O_DIRECT | O_DSYNC` when `direct`, and returns their descriptors and sizes;
    /// nil when the file system refuses direct I/O.
    private static func openFiles(directory: String, direct: Bool) throws(EventStoreError)
        -> (descriptors: [Int32], sizes: [Int])?
    {
        var descriptors: [Int32] = []
        var sizes: [Int] = []
        for name in fileNames {
            let flags = O_RDWR | O_CREAT | O_CLOEXEC | (direct ? Self.directFlag | O_DSYNC : 0)
            let descriptor = open(directory + "/" + name, flags, 0o644)
            guard descriptor >= 0 else {
                let code = errno
                for open in descriptors { close(open) }
                if direct && code == EINVAL { return nil }
                throw .storage(path: directory, message: "cannot open \(name): \(String(cString: strerror(code)))")
            }
            descriptors.append(descriptor)
            var status = stat()
            fstat(descriptor, &status)
            sizes.append(Int(status.st_size))
        }
        return (descriptors, sizes)
    }

    deinit {
        for descriptor in descriptors { close(descriptor) }
    }

    /// Adds an event's frame to the next commit.
    func addEvent(record: [UInt8]) {
        JournalFrame.append(kind: .event, generation: generation, payload: record, to: pending)
    }

    /// Adds an annotation's frame to the next commit.
    func addAnnotation(key: [UInt8], value: [UInt8]) {
        JournalFrame.append(
            kind: .annotation, generation: generation, payload: JournalFrame.annotationPayload(key: key, value: value),
            to: pending)
    }

    /// Forgets the frames added since the last commit (a batch that failed before it was written).
    func discardPending() {
        pending.removeAll()
    }

    /// Writes the frames added since the last commit and, for a durable journal, flushes them: when this
    /// returns, they survive a crash of the process and of the machine. Each commit is padded to the
    /// alignment of direct I/O, so that the next one starts on a block of its own.
    /// - Throws: ``EventStoreError/storage(path:message:)`` when the write or the flush fails. After a failed
    ///   flush nobody knows what reached the disk: the caller must stop writing (see ``LMDBEventStore``).
    func commit() throws(EventStoreError) {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll() }
        JournalFrame.pad(pending, generation: generation)
        let descriptor = descriptors[current]
        let end = offset + pending.count
        if end > written[current] {
            try preallocate(file: current, through: end)
        }
        do throws(EventStoreError) {
            try write(pending.bytes, to: descriptor, at: offset, what: "cannot write the journal")
            if durable && !isDirect {
                guard fdatasync(descriptor) == 0 else { throw failure("cannot flush the journal") }
            }
        } catch {
            // Its appenders are told it failed: try to make sure a later open does not find it whole either.
            invalidateCommit(at: offset)
            throw error
        }
        offset = end
    }

    /// Best effort, after a failed write or flush: zeros over the first block of the commit at `offset`, so
    /// that recovery does not take a commit its appenders were told had failed. (A disk that failed the
    /// write may fail this too; then a later open may find the commit, as after any indeterminate failure.)
    private func invalidateCommit(at offset: Int) {
        let zeros = AlignedBuffer(capacity: AlignedBuffer.alignment)
        zeros.appendZeros(AlignedBuffer.alignment)
        _ = pwrite(descriptors[current], zeros.base, zeros.count, off_t(offset))
        if !isDirect { _ = fdatasync(descriptors[current]) }
    }

    /// Starts the next generation in the other file, whose frames must all be in `data.mdb` already.
    func switchFiles() {
        precondition(pending.isEmpty, "frames were added but not committed before a switch")
        current = 1 - current
        offset = 0
        // Wrapping: a damaged journal may claim any number, and a collision is harmless (a file's frames are
        // read only from its start, in commits that say where they start).
        generation &+= 1
    }

    /// Writes all of `bytes` at `offset`. With direct I/O a short write leaves the rest unaligned, so it
    /// fails instead of going on.
    private func write(
        _ bytes: UnsafeRawBufferPointer, to descriptor: Int32, at offset: Int, what: String
    ) throws(EventStoreError) {
        var done = 0
        while done < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0, !isDirect || count == bytes.count else {
                if count >= 0 { errno = EIO }
                throw failure(what)
            }
            done += count
        }
    }

    /// Writes zeros to `file` from its written end (rounded up to the alignment) past `end`, and flushes the
    /// new size, so that later flushes of frames there change nothing but data.
    private func preallocate(file: Int, through end: Int) throws(EventStoreError) {
        let step = Self.preallocationStep
        let target = (end / step + 1) * step
        let zeros = AlignedBuffer(capacity: 1 << 20)
        zeros.appendZeros(1 << 20)
        let alignment = AlignedBuffer.alignment
        var position = (written[file] + alignment - 1) / alignment * alignment
        while position < target {
            let count = min(zeros.count, target - position)
            try write(
                UnsafeRawBufferPointer(rebasing: zeros.bytes[..<count]), to: descriptors[file], at: position,
                what: "cannot extend the journal")
            position += count
        }
        if durable {
            guard fsync(descriptors[file]) == 0 else { throw failure("cannot flush the journal") }
        }
        written[file] = position
    }

    private func failure(_ what: String) -> EventStoreError {
        .storage(path: directory, message: "\(what) \(Self.fileNames[current]): \(String(cString: strerror(errno)))")
    }
}
