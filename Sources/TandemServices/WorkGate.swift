/// At most `width` pieces of costly work at once (bcrypt), and at most `queueLength` more waiting their turn;
/// beyond that a caller is turned away at once (`WorkGate.Full`), so a flood of sign-ins cannot take every
/// thread the pages need. Waiters are served first come, first served.
actor WorkGate {
    struct Full: Error {}

    let width: Int
    let queueLength: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// How many callers wait for a place (for tests).
    var waitingCount: Int { waiting.count }

    init(width: Int, queueLength: Int) {
        precondition(width > 0 && queueLength >= 0)
        self.width = width
        self.queueLength = queueLength
    }

    /// Runs `work` when a place is free; throws `Full` without running it when the queue is full.
    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        if running < width {
            running += 1
        } else {
            guard waiting.count < queueLength else { throw Full() }
            // The place is handed over by `leave()`: `running` stays as it was.
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { leave() }
        return try await work()
    }

    private func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}
