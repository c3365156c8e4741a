import Foundation
import Testing

@testable import EventStore

/// What tests of the commit journal share: stores that leave everything in the journal, and ways to look at
/// and damage the journal's bytes.
enum JournalTesting {
    /// Options that leave every write in the journal, as a crash between checkpoints would.
    static var journalOnly: LMDBEventStore.Options {
        var options = LMDBEventStore.Options()
        options.checkpoints = false
        return options
    }

    /// Options that seal a generation every 2 KiB, so that a few hundred appends go through many checkpoints
    /// and reuses of the journal files.
    static var smallGenerations: LMDBEventStore.Options {
        var options = LMDBEventStore.Options()
        options.generationBytes = 2 << 10
        return options
    }

    /// The whole commits' frames of journal-0 (where the first generation goes) and where each one starts.
    static func frames(_ path: String) throws -> (file: String, frames: [JournalFrame], offsets: [Int]) {
        let file = path + "/" + CommitJournal.fileNames[0]
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: file)))
        let frames = JournalFrame.readFile(bytes)
        return (file, frames, frames.map(\.offset))
    }

    /// Writes `bytes` over `file` at `offset`.
    static func overwrite(_ file: String, at offset: Int, with bytes: [UInt8]) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: file))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: bytes)
    }

    /// Inverts the byte of `file` at `offset`.
    static func flipByte(in file: String, at offset: Int) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: file))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let byte = try #require(try handle.read(upToCount: 1)).first!
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: [byte ^ 0xFF])
    }
}
