import Testing

@testable import TandemServices

/// The gate in front of bcrypt: no more than its width at once, a bounded queue served in order, and
/// a caller beyond the queue turned away at once.
@Suite struct WorkGateTests {
    /// Work that runs until released, and says when it has started.
    final class Held: Sendable {
        let started: AsyncStream<Void>
        private let startedContinuation: AsyncStream<Void>.Continuation
        let release: AsyncStream<Void>
        private let releaseContinuation: AsyncStream<Void>.Continuation

        init() {
            (started, startedContinuation) = AsyncStream.makeStream()
            (release, releaseContinuation) = AsyncStream.makeStream()
        }

        func work() async {
            startedContinuation.yield()
            for await _ in release { return }
        }

        func letGo() { releaseContinuation.yield() }
    }

    @Test func beyondWidthAndQueueACallerIsTurnedAway() async throws {
        let gate = WorkGate(width: 1, queueLength: 1)
        let first = Held()
        let second = Held()
        let running = Task { try await gate.run { await first.work() } }
        for await _ in first.started { break }
        let queued = Task { try await gate.run { await second.work() } }
        while await gate.waitingCount < 1 { await Task.yield() }
        // Width 1 is taken and the queue of 1 is full: a third caller is refused without waiting.
        await #expect(throws: WorkGate.Full.self) { try await gate.run { 3 } }
        first.letGo()
        try await running.value
        for await _ in second.started { break }  // the queued work runs once the first is done
        second.letGo()
        try await queued.value
        #expect(try await gate.run { 4 } == 4)  // and the gate is free again
        #expect(await gate.waitingCount == 0)
    }
}
