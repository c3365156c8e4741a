import EventStore
import TopChefCore

/// Rows of the `events` table rendered side by side in one buffer: the SQLite export's ``EventBatch``.
///
/// The reading thread of the ``EventPipeline`` renders them (``append(_:_:)``), so that the writer's thread
/// only binds and inserts them, ``rowsPerInsert`` rows per multi-row `INSERT` (one `sqlite3_step`: statement
/// start, halt, reset, per ``rowsPerInsert`` rows instead of per row). Rendering was a quarter of the
/// writer's thread, the one that kept the other waiting.
///
/// Every text of a row is copied into the buffer, including those read in place from the log: the record a
/// row comes from is only valid while the reading thread is at it. Texts are bound where they lie
/// (`SQLITE_STATIC`) once the batch is complete, since the buffer may move while it grows.
final class SQLiteEventRows: EventBatch {
    /// The rows of one `INSERT`.
    static let rowsPerInsert = 32
    /// `events`' columns, numbered from 1 as `INSERT INTO events VALUES (…)` binds them.
    static let columnCount = 11
    /// The text columns, in the order their ranges are kept.
    private static let textColumns: [Int32] = [2, 4, 6, 7, 8, 9, 10, 11]

    /// `INSERT INTO events VALUES (?, …), …` for `rows` rows.
    static func insertSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columnCount).joined(separator: ", ") + ")"
        return "INSERT INTO events VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// The rows of a batch, at most: a multiple of ``rowsPerInsert``, so that a full batch needs no
    /// single-row inserts.
    static let rowLimit = 4096
    /// The rendered bytes past which a batch is full (events with large data), besides ``rowLimit``.
    static let byteLimit = 4 << 20

    /// The rows this batch takes.
    let capacity: Int
    private let buffer = ByteBuffer(capacity: 1 << 20)
    /// Per row: sequence, stream version, type version. Fixed-size memory rather than arrays: a class's
    /// array property is checked for exclusive access on every change, which cost more than the writes.
    private let numbers: UnsafeMutablePointer<Int64>
    /// Per row and text column: start and end in `buffer`; a start of -1 is NULL.
    private let ranges: UnsafeMutablePointer<Int>
    private static let rangesPerRow = 2 * textColumns.count
    /// The number of rows waiting.
    private(set) var count = 0

    /// An empty batch of at most `capacity` rows.
    init(capacity: Int = rowLimit) {
        self.capacity = capacity
        numbers = .allocate(capacity: 3 * capacity)
        ranges = .allocate(capacity: Self.rangesPerRow * capacity)
    }

    deinit {
        numbers.deallocate()
        ranges.deallocate()
    }

    var isFull: Bool { count >= capacity || buffer.count >= Self.byteLimit }

    var isEmpty: Bool { count == 0 }

    /// Renders the row of one event; there must be fewer than ``capacity`` waiting.
    func append(_ parts: RecordParts, _ event: DomainEvent) {
        let row = count
        precondition(row < capacity)
        numbers[3 * row] = Int64(parts.sequence)
        numbers[3 * row + 1] = Int64(parts.streamVersion)
        numbers[3 * row + 2] = Int64(parts.typeVersion)
        let ranges = self.ranges + Self.rangesPerRow * row
        text(parts.streamID, ranges)
        text(parts.type, ranges + 2)
        var start = buffer.count
        buffer.timestamp(parts.recordedAt)
        ranges[4] = start + 1  // without the quotes
        ranges[5] = buffer.count - 1
        text(parts.requestID, ranges + 6)
        text(parts.idempotencyKey, ranges + 8)
        text(parts.actor, ranges + 10)
        start = buffer.count
        buffer.eventData(event)
        ranges[12] = start
        ranges[13] = buffer.count
        start = buffer.count
        buffer.hex(parts.hash)
        ranges[14] = start + 1
        ranges[15] = buffer.count - 1
        count = row + 1
    }

    /// Binds rows `rows` (from the first waiting one) to `statement`, the first at parameter 1 and each next
    /// row ``columnCount`` parameters further, as ``insertSQL(rows:)`` numbers them. The texts stay bound in
    /// place until ``removeAll()``.
    func bind(_ rows: Range<Int>, to statement: SQLiteStatement) throws(SQLiteError) {
        let bytes = buffer.bytes
        for row in rows {
            let first = Int32((row - rows.lowerBound) * Self.columnCount)
            try statement.bind(first + 1, numbers[3 * row])
            try statement.bind(first + 3, numbers[3 * row + 1])
            try statement.bind(first + 5, numbers[3 * row + 2])
            let ranges = self.ranges + Self.rangesPerRow * row
            for (index, column) in Self.textColumns.enumerated() {
                let start = ranges[2 * index]
                if start < 0 {
                    try statement.bindNull(first + column)
                } else {
                    let end = ranges[2 * index + 1]
                    try statement.bind(first + column, unsafeUTF8: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                }
            }
        }
    }

    /// Forgets the rows (after they were inserted).
    func removeAll() {
        buffer.removeAll()
        count = 0
    }

    /// Copies `bytes` and keeps where they lie in `range` (start, end), or NULL.
    private func text(_ bytes: UnsafeRawBufferPointer?, _ range: UnsafeMutablePointer<Int>) {
        guard let bytes else {
            range[0] = -1
            return
        }
        range[0] = buffer.count
        buffer.append(bytes)
        range[1] = buffer.count
    }
}
