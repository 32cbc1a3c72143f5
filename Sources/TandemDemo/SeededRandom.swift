import Foundation
import TandemDomain

/// A small, fast, deterministic random number generator (xoshiro256**, seeded by SplitMix64), so the
/// same seed always writes the same demo, on every machine and Swift version.
struct SeededRandom: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// An independent stream of `seed`, named by `label` (and, within it, by `district` and `year`).
    ///
    /// The calibrated years draw from one generator per district, in one long sequence: any extra draw
    /// would shift every later number and the published figures with them. Work added after those years
    /// (the later school years) therefore never touches that generator; it draws from streams of its own,
    /// derived from the same seed, so the calibrated output stays byte for byte what it was, and one later
    /// year's draws do not depend on how many another made.
    init(seed: UInt64, stream label: String, district: UInt64, year: Int) {
        // FNV-1a over the label's UTF-8 (not `hashValue`, which differs from run to run).
        var fnv = FNV1a()
        fnv.combine(label.utf8)
        let hash = fnv.value
        let yearBits = UInt64(bitPattern: Int64(year)) &* 0x9E37_79B9_7F4A_7C15
        self.init(seed: SeededRandom.mixed(seed) ^ SeededRandom.mixed(hash &+ district) ^ SeededRandom.mixed(yearBits))
    }

    /// SplitMix64's finaliser: spreads every input bit over the whole word.
    private static func mixed(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// Uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// An index drawn with the given (non-negative) weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var target = unit() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }

    /// Shuffles in place (Fisher–Yates with this generator).
    mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for index in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(index, int(0...index))
        }
    }
}
