import Dispatch

/// Runs CPU-heavy work (bcrypt, the indicator engine) on a Dispatch thread and waits for it without
/// holding one of the cooperative pool's few threads, which serve every request.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
