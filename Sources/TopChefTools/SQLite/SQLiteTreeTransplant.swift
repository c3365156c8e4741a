internal import CSQLite
import Foundation

/// Moves whole B-trees (tables and their indexes) from one SQLite database, held in memory, into a closed
/// database file, page by page: the source's pages are appended to the file and the trees' root pages
/// written over the destination's own, empty, roots of the same tables and indexes.
///
/// Why: SQLite lets one connection write a file, one statement at a time. An export builds its `jobs` table
/// and indexes on a second connection, in a database of their own, while its own connection indexes the
/// events; copying them in with `INSERT INTO … SELECT` afterwards (seeking each index entry's place, on one
/// thread, after everything else) took longer than a fifth of the whole export. Appending the pages takes
/// a write of the same bytes and a rewrite of the page numbers they hold.
///
/// Only page numbers change, following SQLite's file format (<https://www.sqlite.org/fileformat2.html>): the
/// child pointers of interior pages, the first overflow page of a cell that does not fit its page, the next
/// page of an overflow page, and the database size in the header. Roots keep the destination's numbers, so
/// its schema (`sqlite_schema.rootpage`) stays as it is. Every other page of the source must belong to one
/// of the trees moved, exactly once: anything else (a free page, a tree left behind, a page reached twice)
/// is refused before the file is touched. Neither database may use auto-vacuum (pointer-map pages).
enum SQLiteTreeTransplant {
    /// A tree to move: its root page in the source and the (empty) root page it replaces in the destination.
    struct Tree: Equatable {
        let sourceRoot: UInt32
        let destinationRoot: UInt32
    }

    /// Moves `trees` from `source`, a whole database image (`sqlite3_serialize`), into the database file at
    /// `path`, which no connection may have open for writing.
    static func run(from source: UnsafeRawBufferPointer, trees: [Tree], into path: String) throws(SQLiteError) {
        let descriptor = open(path, O_RDWR)
        guard descriptor >= 0 else { throw failure("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        // One page whose page numbers are rewritten at a time; first, the destination's header.
        let staging = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 4096)
        defer { staging.deallocate() }
        guard pread(descriptor, staging.baseAddress, 100, 0) == 100 else {
            throw failure("cannot read the header of \(path)")
        }
        let destination = try Layout(header: UnsafeRawBufferPointer(rebasing: staging[0..<100]))
        let layout = try Layout(header: source)
        guard layout.pageSize == destination.pageSize, layout.usableSize == destination.usableSize,
            layout.encoding == destination.encoding
        else { throw failure("the databases differ in page size, reserved bytes or text encoding") }
        guard source.count >= layout.pageSize * Int(layout.pageCount) else {
            throw failure("the source is shorter than its header says")
        }
        let plan = try Plan(source, layout, trees, base: destination.pageCount)
        // Roots over the destination's roots, then every other page appended in the source's order; pages
        // without page numbers (most: leaves) straight from the source. One page per `pwrite`, as SQLite
        // writes: writes of many pages at once took four times as long in the kernel (copying into the
        // page cache, which then takes larger blocks of memory), 0.7 s instead of 0.2 s for a million jobs.
        func move(_ page: UInt32) throws(SQLiteError) {
            let bytes: UnsafeRawBufferPointer
            if plan.holdsPageNumbers(page) {
                plan.rewrite(page: page, into: staging)
                bytes = UnsafeRawBufferPointer(rebasing: staging[0..<layout.pageSize])
            } else {
                bytes = plan.page(page)
            }
            try write(descriptor, bytes, at: Int(plan.destination(of: page) - 1) * layout.pageSize)
        }
        for tree in trees { try move(tree.sourceRoot) }
        for page in stride(from: 2, through: layout.pageCount, by: 1) where !plan.isRoot(page) { try move(page) }
        // The new size; valid as long as the change counter (24) equals "version valid for" (92), as it does.
        staging.storeBigEndian32(destination.pageCount + plan.appendedCount, at: 0)
        try write(descriptor, UnsafeRawBufferPointer(rebasing: staging[0..<4]), at: 28)
    }

    private static func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int)
        throws(SQLiteError)
    {
        var done = 0
        while done < bytes.count {
            let written = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw failure("cannot write: \(String(cString: strerror(errno)))") }
            done += written
        }
    }

    static func failure(_ message: String) -> SQLiteError {
        SQLiteError(code: SQLITE_CORRUPT, message: message, operation: "moving tables between databases")
    }

    /// What the header of a database says about its pages.
    struct Layout {
        let pageSize: Int
        let usableSize: Int
        let pageCount: UInt32
        let encoding: UInt32

        init(header: UnsafeRawBufferPointer) throws(SQLiteError) {
            guard header.count >= 100, header.starts(with: "SQLite format 3\0".utf8) else {
                throw SQLiteTreeTransplant.failure("not a database")
            }
            let size = Int(header.bigEndian16(at: 16))
            pageSize = size == 1 ? 65536 : size
            usableSize = pageSize - Int(header[20])
            pageCount = header.bigEndian32(at: 28)
            encoding = header.bigEndian32(at: 56)
            // A valid size in the header; no pointer-map pages (auto-vacuum), whose entries would move too.
            guard header.bigEndian32(at: 24) == header.bigEndian32(at: 92), pageCount > 0,
                header.bigEndian32(at: 52) == 0
            else { throw SQLiteTreeTransplant.failure("unsupported database header") }
        }
    }

    /// Which page of the source is what, and where each goes.
    struct Plan {
        let source: UnsafeRawBufferPointer
        let layout: Layout
        /// Per source page: 0 not part of a tree, else one of the kinds below.
        private var kinds: [UInt8]
        /// Source roots (ascending) and the destination pages they replace.
        private let roots: [(source: UInt32, destination: UInt32)]
        /// The first page number past the destination's own pages.
        private let base: UInt32

        /// Pages appended to the destination: every page of the trees but their roots.
        var appendedCount: UInt32 { layout.pageCount - 1 - UInt32(roots.count) }

        /// A B-tree page without page numbers (a leaf whose cells all fit): copied as it is.
        private static let btreePage: UInt8 = 1
        /// A B-tree page with page numbers: an interior page, or a leaf with cells continued on overflow pages.
        private static let btreePageWithLinks: UInt8 = 2
        private static let overflowPage: UInt8 = 3

        /// Walks every tree, checking that the trees take every page of the source but the first (its schema),
        /// each exactly once.
        init(_ source: UnsafeRawBufferPointer, _ layout: Layout, _ trees: [Tree], base: UInt32) throws(SQLiteError) {
            self.source = source
            self.layout = layout
            self.base = base
            roots = trees.map { ($0.sourceRoot, $0.destinationRoot) }.sorted { $0.source < $1.source }
            kinds = [UInt8](repeating: 0, count: Int(layout.pageCount) + 1)
            kinds[1] = Self.btreePage  // the source's schema: not moved, and no tree may point at it
            for tree in trees {
                guard tree.destinationRoot >= 2, tree.destinationRoot <= base else {
                    throw SQLiteTreeTransplant.failure("root page \(tree.destinationRoot) is not in the destination")
                }
                try walk(tree.sourceRoot)
            }
            guard !kinds.dropFirst().contains(0) else {
                throw SQLiteTreeTransplant.failure("the source has pages outside the trees to move")
            }
        }

        private mutating func mark(_ page: UInt32, _ kind: UInt8) throws(SQLiteError) {
            guard page >= 1, page <= layout.pageCount, kinds[Int(page)] == 0 else {
                throw SQLiteTreeTransplant.failure("page \(page) is out of range or reached twice")
            }
            kinds[Int(page)] = kind
        }

        private mutating func walk(_ root: UInt32) throws(SQLiteError) {
            var stack = [root]
            while let page = stack.popLast() {
                try mark(page, Self.btreePage)
                let node = try Node(page: page, in: self)
                if !node.isLeaf { kinds[Int(page)] = Self.btreePageWithLinks }
                for index in 0..<node.cellCount {
                    let parsed = try node.cell(index)
                    if let child = parsed.child { stack.append(child) }
                    guard var overflow = parsed.firstOverflow else { continue }
                    kinds[Int(page)] = Self.btreePageWithLinks
                    for link in 0..<parsed.overflowPages {
                        try mark(overflow, Self.overflowPage)
                        let next = self.page(overflow).bigEndian32(at: 0)
                        let isLast = link == parsed.overflowPages - 1
                        guard isLast == (next == 0) else {
                            throw SQLiteTreeTransplant.failure("overflow chain of page \(page) has the wrong length")
                        }
                        overflow = next
                    }
                }
                if let right = node.rightChild { stack.append(right) }
            }
        }

        /// The bytes of source page `number` (from 1).
        func page(_ number: UInt32) -> UnsafeRawBufferPointer {
            let start = Int(number - 1) * layout.pageSize
            return UnsafeRawBufferPointer(rebasing: source[start..<start + layout.pageSize])
        }

        func isRoot(_ page: UInt32) -> Bool {
            roots.contains { $0.source == page }
        }

        /// Whether source page `page` holds page numbers: it is moved with ``rewrite(page:into:)``, the
        /// others as they are.
        func holdsPageNumbers(_ page: UInt32) -> Bool {
            kinds[Int(page)] != Self.btreePage
        }

        /// The destination page of source page `page`: a root replaces the destination's root, any other
        /// page follows the destination's pages in the source's order.
        func destination(of page: UInt32) -> UInt32 {
            var rootsBefore: UInt32 = 0
            for root in roots {
                if root.source == page { return root.destination }
                if root.source < page { rootsBefore += 1 }
            }
            return base + (page - 1) - rootsBefore
        }

        /// Copies source page `number` into `out` (at least a page long) with its page numbers rewritten.
        func rewrite(page number: UInt32, into out: UnsafeMutableRawBufferPointer) {
            out.copyMemory(from: page(number))
            switch kinds[Int(number)] {
            case Self.overflowPage:
                let next = out.bigEndian32(at: 0)
                if next != 0 { out.storeBigEndian32(destination(of: next), at: 0) }
                return
            case Self.btreePageWithLinks: break
            default: return
            }
            // Checked by the walk: parsing cannot fail here.
            let node = try! Node(page: number, in: self)
            for index in 0..<node.cellCount {
                let cell = try! node.cell(index)
                if let child = cell.child { out.storeBigEndian32(destination(of: child), at: cell.offset) }
                if let overflow = cell.firstOverflow {
                    out.storeBigEndian32(destination(of: overflow), at: cell.overflowPointerOffset)
                }
            }
            if let right = node.rightChild { out.storeBigEndian32(destination(of: right), at: 8) }
        }
    }

    /// One B-tree page, read in place.
    struct Node {
        let bytes: UnsafeRawBufferPointer
        let usableSize: Int
        let isLeaf: Bool
        let isTable: Bool
        let cellCount: Int
        let rightChild: UInt32?

        init(page number: UInt32, in plan: Plan) throws(SQLiteError) {
            bytes = plan.page(number)
            usableSize = plan.layout.usableSize
            switch bytes[0] {
            case 0x02: (isLeaf, isTable) = (false, false)
            case 0x05: (isLeaf, isTable) = (false, true)
            case 0x0A: (isLeaf, isTable) = (true, false)
            case 0x0D: (isLeaf, isTable) = (true, true)
            default: throw SQLiteTreeTransplant.failure("page \(number) is not a B-tree page")
            }
            cellCount = Int(bytes.bigEndian16(at: 3))
            rightChild = isLeaf ? nil : bytes.bigEndian32(at: 8)
            guard (isLeaf ? 8 : 12) + 2 * cellCount <= usableSize else {
                throw SQLiteTreeTransplant.failure("page \(number) has too many cells")
            }
        }

        /// A cell's page numbers: its left child (interior pages), its first overflow page and how many there
        /// are, and where they lie in the page.
        struct Cell {
            let offset: Int
            let child: UInt32?
            let firstOverflow: UInt32?
            let overflowPages: Int
            let overflowPointerOffset: Int
        }

        func cell(_ index: Int) throws(SQLiteError) -> Cell {
            let offset = Int(bytes.bigEndian16(at: (isLeaf ? 8 : 12) + 2 * index))
            guard offset >= 8, offset + 4 <= usableSize else { throw SQLiteTreeTransplant.failure("cell out of page") }
            let child = isLeaf ? nil : bytes.bigEndian32(at: offset)
            // An interior table cell is a child and a rowid: no payload.
            if !isLeaf && isTable {
                return Cell(
                    offset: offset, child: child, firstOverflow: nil, overflowPages: 0, overflowPointerOffset: 0)
            }
            var position = isLeaf ? offset : offset + 4
            let payload = try varint(&position)
            if isTable { _ = try varint(&position) }  // the rowid
            let local = localPayload(payload)
            guard local < payload else {
                return Cell(
                    offset: offset, child: child, firstOverflow: nil, overflowPages: 0, overflowPointerOffset: 0)
            }
            let pointer = position + local
            guard pointer + 4 <= usableSize else { throw SQLiteTreeTransplant.failure("cell out of page") }
            let perPage = usableSize - 4
            return Cell(
                offset: offset, child: child, firstOverflow: bytes.bigEndian32(at: pointer),
                overflowPages: (payload - local + perPage - 1) / perPage, overflowPointerOffset: pointer)
        }

        /// The bytes of a payload of `size` kept in the page, the rest going to overflow pages (the file
        /// format's "X", "M" and "K").
        private func localPayload(_ size: Int) -> Int {
            let most = isTable ? usableSize - 35 : (usableSize - 12) * 64 / 255 - 23
            guard size > most else { return size }
            let least = (usableSize - 12) * 32 / 255 - 23
            let fitted = least + (size - least) % (usableSize - 4)
            return fitted <= most ? fitted : least
        }

        /// SQLite's varint: big-endian groups of 7 bits, the ninth byte whole.
        private func varint(_ position: inout Int) throws(SQLiteError) -> Int {
            var value: UInt64 = 0
            for index in 0..<9 {
                guard position < usableSize else { throw SQLiteTreeTransplant.failure("cell out of page") }
                let byte = bytes[position]
                position += 1
                if index == 8 { return Int(truncatingIfNeeded: value << 8 | UInt64(byte)) }
                value = value << 7 | UInt64(byte & 0x7F)
                if byte < 0x80 { break }
            }
            return Int(truncatingIfNeeded: value)
        }
    }
}

extension UnsafeRawBufferPointer {
    fileprivate func bigEndian16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    fileprivate func bigEndian32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}

extension UnsafeMutableRawBufferPointer {
    fileprivate func bigEndian32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    fileprivate func storeBigEndian32(_ value: UInt32, at offset: Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
    }
}
