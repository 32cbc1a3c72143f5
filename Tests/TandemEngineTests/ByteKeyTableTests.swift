import Testing

@testable import TandemEngine

/// The table that numbers student ids and codes: distinct byte strings get 0, 1, 2… in order of first
/// appearance, the same bytes always the same number, however full the table grows.
@Suite struct ByteKeyTableTests {
    @Test func numbersInOrderOfFirstAppearance() {
        var table = ByteKeyTable()
        #expect(table.count == 0)
        let numbers = ["CST", "CAASPP", "CST", "ELPAC", "CAASPP"].map { table.number($0) }
        #expect(numbers == [0, 1, 0, 2, 1])
        #expect(table.count == 3)
        #expect(table.keys == ["CST", "CAASPP", "ELPAC"])
        #expect(table.key(1) == "CAASPP")
    }

    @Test func findDoesNotNumber() {
        var table = ByteKeyTable()
        #expect(table.find("S1") == nil)
        _ = table.number("S1")
        #expect(table.find("S1") == 0)
        #expect(table.find("S2") == nil)
        #expect(table.count == 1)
    }

    /// Keys are bytes: case, prefixes, the empty string and non-ASCII text are all told apart.
    @Test func keysAreComparedByteForByte() {
        var table = ByteKeyTable()
        let keys = ["cst", "CST", "a", "ab", "abc", "", "é", "e\u{301}", "a\u{0}b", "a\u{0}"]
        let numbers = keys.map { table.number($0) }
        #expect(numbers == Array(keys.indices))
        for (index, key) in keys.enumerated() { #expect(table.find(key) == index, "\(key)") }
        #expect(table.keys == keys)
    }

    @Test func bytesAndStringsAgree() {
        var table = ByteKeyTable()
        let id = "100234"
        let fromBytes = Array(id.utf8).withUnsafeBytes { table.number($0) }
        let fromString = table.number(id)
        #expect(fromString == fromBytes)
        #expect(Array("100235".utf8).withUnsafeBytes { table.find($0) } == nil)
        #expect(Array(id.utf8).withUnsafeBytes { table.find($0) } == fromBytes)
        // An empty buffer with no storage behind it is the empty key.
        let empty = table.number(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(table.find("") == empty)
        #expect(table.key(empty) == "")
    }

    /// Keys that start in the same slot of the smallest table (16 slots) are each still found. The slot is
    /// computed here with the table's hash (FNV-1a, folded) written out again; if the table's hash changes
    /// these keys may no longer collide, but the test still checks that they are told apart.
    @Test func keysSharingASlotAreToldApart() {
        func slot(_ key: String) -> Int {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: hash ^ (hash >> 29)) & 15
        }
        let candidates = (0..<1000).map { "S\($0)" }
        let colliding = Array(candidates.filter { slot($0) == slot(candidates[0]) }.prefix(6))
        #expect(colliding.count == 6)
        var table = ByteKeyTable(capacity: 1)
        let numbers = colliding.map { table.number($0) }
        #expect(numbers == Array(colliding.indices))
        for (index, key) in colliding.enumerated() { #expect(table.find(key) == index) }
        #expect(table.find("S1000") == nil)
        #expect(table.keys == colliding)
    }

    /// From the smallest table through many doublings, against a dictionary doing the same numbering.
    @Test(arguments: [1, 64, 1 << 12])
    func growingKeepsEveryNumber(capacity: Int) {
        var table = ByteKeyTable(capacity: capacity)
        var reference: [String: Int] = [:]
        var generator = SplitMix64(seed: 2008)
        for _ in 0..<20_000 {
            // About 6,000 distinct ids, most seen several times.
            let key = "\(100_000 + Int(generator.next() % 6_000))"
            let expected = reference[key] ?? reference.count
            reference[key] = expected
            let number = table.number(key)
            #expect(number == expected)
        }
        #expect(table.count == reference.count)
        #expect(reference.allSatisfy { table.find($0.key) == $0.value && table.key($0.value) == $0.key })
        #expect(table.find("99999") == nil)
    }

    /// A copy is a value: the builder copies its tables to read files in parallel and adopts one back.
    @Test func copiesAreIndependent() {
        var original = ByteKeyTable()
        _ = original.number("A")
        var copy = original
        _ = copy.number("B")
        #expect(original.count == 1)
        #expect(original.find("B") == nil)
        #expect(copy.keys == ["A", "B"])
    }
}

/// A small seeded generator, so that a failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
