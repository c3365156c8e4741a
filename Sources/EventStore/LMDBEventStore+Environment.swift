import LMDB

extension LMDBEventStore {
    /// Opens the LMDB environment of the log in `path`, and says what LMDB refused in the store's terms.
    static func openEnvironment(path: String, options: LMDBEnvironment.Options) throws(EventStoreError)
        -> LMDBEnvironment
    {
        do {
            return try LMDBEnvironment(path: path, options: options)
        } catch let error as LMDBTruncatedFileError {
            throw .truncated(path: path, fileSize: error.fileSize, requiredSize: error.requiredSize)
        } catch let error as LMDBError where error.code == LMDBError.invalidCode {
            throw .notAnEventLog(path: path, reason: "data.mdb is not an LMDB file of a version this TopChef reads")
        } catch {
            throw .storage(path: path, message: "\(error)")
        }
    }
}
