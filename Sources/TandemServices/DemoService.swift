import TandemDemo
import TandemStorage

/// Remembers which demo a database holds, so `tandem demo` loads it once.
public struct DemoService: Sendable {
    public let store: TandemStore

    public init(store: TandemStore) { self.store = store }

    static let key = "demo"

    static func stamp(seed: UInt64) -> String { "seed=\(seed);generator=\(DemoGenerator.version)" }

    public func isLoaded(seed: UInt64) throws -> Bool {
        try store.metadata(DemoService.key) == DemoService.stamp(seed: seed)
    }

    public func markLoaded(seed: UInt64) throws {
        try store.setMetadata(DemoService.key, DemoService.stamp(seed: seed))
    }
}
