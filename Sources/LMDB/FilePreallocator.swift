internal import CLMDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps written, zero-filled space in `data.mdb` ahead of the last page LMDB uses, so that a durable
/// commit overwrites blocks the file already has instead of growing the file.
///
/// Why: LMDB appends new pages at the end of its file. On ext4 (and most journaling file systems), an
/// `fdatasync` after a write that grows a file must also commit the file system's journal (the new size
/// and block allocation), which on the 2-core development VM costs about 50 % more than a data-only flush:
/// 352 µs against 262 µs for LMDB's two flushes per commit, and far more while other processes are
/// writing, because a journal commit waits for everyone's metadata. Overwriting blocks that are already
/// allocated and written needs no journal commit. `fallocate` does not help: it leaves "unwritten"
/// extents, and converting them is again a journal change. So the zeros are really written.
///
/// Only a write transaction calls ``prepare(environment:)``, right after it begins and before it writes
/// anything: LMDB's writer lock then keeps every other writer (in any process) out, the transaction's own
/// pages are written later at commit (over the zeros), and nothing is ever zeroed below the end of the
/// last committed page. The zeros reach the disk with that transaction's own flush.
final class FilePreallocator {
    /// How far ahead of the last used page the file is kept written.
    let headroom: Int
    /// How much is added at a time once the headroom falls below ``headroom``: small, so that the one
    /// commit that writes it is barely slower than the others.
    let step: Int
    /// The end of the zero-filled (or LMDB-written) part of the file, as far as this process knows.
    private var preparedEnd: Int
    /// What is written: one shared block of zeros, `step` long at most.
    private static let zeros = [UInt8](repeating: 0, count: 1 << 20)

    init(handle: OpaquePointer, headroom: Int, step: Int = 1 << 20) {
        self.headroom = headroom
        self.step = min(step, Self.zeros.count)
        var descriptor: Int32 = -1
        var status = stat()
        if mdb_env_get_fd(handle, &descriptor) == 0, fstat(descriptor, &status) == 0 {
            preparedEnd = Int(status.st_size)
        } else {
            preparedEnd = 0
        }
    }

    /// Writes zeros after the end of the last committed page, up to ``headroom`` bytes ahead, within the
    /// map. Must run inside a write transaction that has not written anything yet. Failures are ignored:
    /// this is an optimisation, and LMDB grows the file itself when the zeros are not there.
    func prepare(environment: LMDBEnvironment) {
        let usedEnd = environment.usedSize
        // A small log gets as much again as it holds (throwaway test logs stay small), a big one `headroom`.
        let ahead = min(headroom, max(usedEnd, 64 << 10))
        let target = min(usedEnd + ahead, environment.mapSize)
        // Top up only when a step's worth is missing, so that most commits skip the writing entirely.
        guard target - max(preparedEnd, usedEnd) >= min(step, ahead / 2) else { return }
        var descriptor: Int32 = -1
        guard mdb_env_get_fd(environment.handle, &descriptor) == 0 else { return }
        var offset = max(preparedEnd, usedEnd)
        while offset < target {
            let count = min(step, target - offset)
            let written = Self.zeros.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, count, off_t(offset)) }
            guard written == count else { return }
            offset += count
            preparedEnd = offset
        }
    }
}
