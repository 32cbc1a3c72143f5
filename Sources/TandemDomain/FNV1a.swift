/// FNV-1a, 64 bits: a hash of bytes that is the same in every run (unlike `hashValue`), for the
/// importer's key check, the engine's byte-keyed tables and the demo's random streams. Inlinable: it runs
/// once per byte of every key in the hot loops.
///
/// ```swift
/// var hash = FNV1a()
/// hash.combine("FUSD".utf8)
/// let value = hash.value
/// ```
public struct FNV1a: Sendable {
    public var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inlinable public init() {}

    @inlinable @inline(__always)
    public mutating func combine(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    @inlinable
    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { combine(byte) }
    }
}
