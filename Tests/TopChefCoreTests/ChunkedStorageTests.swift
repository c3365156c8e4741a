import Foundation
import Testing

@testable import TopChefCore

/// The projection's growable storage behaves like the standard collections it replaces.
struct ChunkedStorageTests {
    @Test func chunkedArrayKeepsOrderAndValuesAcrossChunks() {
        var array = ChunkedArray<Int>()
        var reference: [Int] = []
        let count = ChunkedArray<Int>.chunkSize * 3 + 5
        for value in 0..<count {
            array.append(value * 7)
            reference.append(value * 7)
        }
        #expect(array.count == count)
        #expect(Array(array) == reference)
        // Writes land in the right chunk, at the edges of chunks too.
        for index in [0, ChunkedArray<Int>.chunkSize - 1, ChunkedArray<Int>.chunkSize, count - 1] {
            array[index] = -index
            reference[index] = -index
        }
        #expect(Array(array) == reference)
        #expect(Array(array[10..<20]) == Array(reference[10..<20]))
        #expect(ChunkedArray<Int>().isEmpty)
    }

    @Test func shardedIndexIsADictionary() {
        var index = ShardedIndex()
        let ids = (0..<5000).map { _ in UUID() } + (0..<5000).map { _ in UUID.timeOrdered() }
        for (position, id) in ids.enumerated() { index[id] = Int32(position) }
        for (position, id) in ids.enumerated() { #expect(index[id] == Int32(position)) }
        #expect(index[UUID()] == nil)
        index[ids[3]] = nil
        #expect(index[ids[3]] == nil)
        #expect(index[ids[4]] == 4)
    }
}
