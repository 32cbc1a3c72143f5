import Synchronization
import Testing

@testable import TandemWeb

/// A page is rendered once, however many requests for it arrive while it renders.
@Suite struct RenderedPagesTests {
    /// Holds a render until opened, and tells when a render is waiting (no sleeps, no timing).
    actor Gate {
        private var waiting: CheckedContinuation<Void, Never>?
        private var watchers: [CheckedContinuation<Void, Never>] = []
        private var isOpen = false

        func wait() async {
            guard !isOpen else { return }
            await withCheckedContinuation { continuation in
                waiting = continuation
                for watcher in watchers { watcher.resume() }
                watchers = []
            }
        }

        func started() async {
            guard waiting == nil else { return }
            await withCheckedContinuation { watchers.append($0) }
        }

        func open() {
            isOpen = true
            waiting?.resume()
            waiting = nil
        }
    }

    final class Counter: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    @Test func aRequestArrivingDuringTheRenderWaitsForItInsteadOfRenderingAgain() async throws {
        let cache = RenderedPages()
        let gate = Gate()
        let renders = Counter()
        let first = Task {
            try await cache.page("key") {
                renders.add()
                await gate.wait()
                return HTML(body: "first")
            }
        }
        await gate.started()  // the first render is under way
        let second = Task {
            try await cache.page("key") {
                renders.add()
                return HTML(body: "second")
            }
        }
        await gate.open()
        #expect(try await first.value.body == "first")
        #expect(try await second.value.body == "first")
        #expect(renders.count == 1)
        // Afterwards the page comes from the cache.
        #expect(try await cache.page("key") { HTML(body: "third") }.body == "first")
    }

    @Test func aFailedRenderIsNotKept() async throws {
        let cache = RenderedPages()
        struct Failure: Error {}
        await #expect(throws: Failure.self) { try await cache.page("key") { throw Failure() } }
        #expect(try await cache.page("key") { HTML(body: "again") }.body == "again")
    }
}
