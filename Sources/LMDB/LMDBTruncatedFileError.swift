/// `data.mdb` is shorter than the environment it holds: its newest meta page says the data reaches further
/// than the file does, or the file ends before its two meta pages. Someone cut it short: a copy that did
/// not finish, a restore onto a full disk, a `truncate`.
///
/// ``LMDBEnvironment`` refuses such a file at open because LMDB maps it into memory, and the first read of
/// a page past the end of the file kills the process with `SIGBUS` instead of returning an error.
public struct LMDBTruncatedFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data file, e.g. `/srv/topchef/data.mdb`.
    public let path: String
    /// Its size in bytes.
    public let fileSize: Int
    /// The bytes the environment needs: up to the end of the last page its newest meta page counts as
    /// used, or of the two meta pages when the file ends before them.
    public let requiredSize: Int

    /// An error for the data file `path`, `fileSize` bytes long where `requiredSize` are needed.
    public init(path: String, fileSize: Int, requiredSize: Int) {
        self.path = path
        self.fileSize = fileSize
        self.requiredSize = requiredSize
    }

    public var description: String {
        "\(path) is \(fileSize) bytes, shorter than the \(requiredSize) bytes the environment needs (it was truncated)"
    }
}
