public import LMDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LMDBEventStore {
    /// Runs `body` with the LMDB environment of the log in `path` opened read-only, the way a read-only store
    /// opens it: for tools that look into what the store refuses to open (`topchef verify`). The environment
    /// is valid only inside `body`.
    /// - Throws: ``EventStoreError`` when it cannot be opened, or what `body` throws.
    public static func withReadOnlyEnvironment<T>(path: String, _ body: (LMDBEnvironment) throws -> T) throws -> T {
        let (environment, sharedLock) = try openEnvironment(path: path, options: .init(readOnly: true))
        // The shared lock, if any, must outlast every read: it is what keeps writers out.
        return try withExtendedLifetime(sharedLock) { try body(environment) }
    }

    /// Opens the LMDB environment of the log in `path`, and says what LMDB refused in the store's terms.
    ///
    /// A read-only open that cannot join LMDB's reader table (this user cannot write `lock.mdb`, or create it)
    /// takes a ``SharedWriterLock`` and opens without the lock file; the lock, returned too, must be held for
    /// as long as the environment is used.
    static func openEnvironment(path: String, options: LMDBEnvironment.Options) throws(EventStoreError)
        -> (LMDBEnvironment, SharedWriterLock?)
    {
        do {
            // Without the lock file an environment touches no shared state, so only locked ones are shared.
            if options.withoutLocking { return (try LMDBEnvironment(path: path, options: options), nil) }
            return (try OpenEnvironments.open(path: path, options: options), nil)
        } catch let error as LMDBError
            where options.readOnly && !options.withoutLocking && (error.code == EACCES || error.code == EPERM)
        {
            // data.mdb was readable (the directory check and the probe read it): lock.mdb is what was refused.
            let sharedLock = try SharedWriterLock(directory: path)
            var withoutLockFile = options
            withoutLockFile.withoutLocking = true
            return (try openEnvironment(path: path, options: withoutLockFile).0, sharedLock)
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw translate(error, path: path)
        }
    }

    /// An error of `LMDBEnvironment(path:options:)` in the store's terms.
    private static func translate(_ error: any Error, path: String) -> EventStoreError {
        switch error {
        case let error as LMDBTruncatedFileError:
            .truncated(path: path, fileSize: error.fileSize, requiredSize: error.requiredSize)
        case let error as LMDBError where error.code == LMDBError.invalidCode:
            .notAnEventLog(path: path, reason: "data.mdb is not an LMDB file of a version this TopChef reads")
        default:
            .storage(path: path, message: "\(error)")
        }
    }
}
