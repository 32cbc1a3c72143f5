import TandemDomain

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Numbers distinct byte strings (student ids, test and subject codes) in order of first appearance,
/// looked up straight from the bytes a reader hands over, without making a `String` per record.
struct ByteKeyTable: Sendable {
    private var arena: [UInt8] = []
    private var ends: [Int] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { ends.count }

    func key(_ number: Int) -> String {
        String(decoding: arena[(number == 0 ? 0 : ends[number - 1])..<ends[number]], as: UTF8.self)
    }

    var keys: [String] { (0..<count).map(key) }

    /// The number of `bytes`, if it has one.
    func find(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var slot = Self.hash(bytes) & mask
        while true {
            let number = Int(slots[slot])
            if number < 0 { return nil }
            if matches(number, bytes) { return number }
            slot = (slot + 1) & mask
        }
    }

    /// The number of `bytes`, numbering it if it is new.
    mutating func number(_ bytes: UnsafeRawBufferPointer) -> Int {
        var slot = Self.hash(bytes) & mask
        while true {
            let number = Int(slots[slot])
            if number < 0 { break }
            if matches(number, bytes) { return number }
            slot = (slot + 1) & mask
        }
        let number = ends.count
        arena.append(contentsOf: bytes)
        ends.append(arena.count)
        slots[slot] = Int32(number)
        if ends.count * 2 > slots.count { grow() }
        return number
    }

    mutating func number(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { number(UnsafeRawBufferPointer($0)) }
    }

    func find(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { find(UnsafeRawBufferPointer($0)) }
    }

    private func matches(_ number: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = number == 0 ? 0 : ends[number - 1]
        guard ends[number] - start == bytes.count else { return false }
        guard let base = bytes.baseAddress else { return true }
        return arena.withUnsafeBytes { memcmp($0.baseAddress! + start, base, bytes.count) == 0 }
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        arena.withUnsafeBytes { arena in
            for number in 0..<ends.count {
                let start = number == 0 ? 0 : ends[number - 1]
                var slot = Self.hash(UnsafeRawBufferPointer(rebasing: arena[start..<ends[number]])) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(number)
            }
        }
    }

    /// FNV-1a, folded: short identifiers spread well and it needs no state.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var fnv = FNV1a()
        fnv.combine(bytes)
        let hash = fnv.value
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
