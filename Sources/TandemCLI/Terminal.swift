import Foundation
import Synchronization

/// Writes to standard error, and shows one self-updating progress line when standard error is a
/// terminal (never in a pipe or a CI log, where it would only be noise).
final class Terminal: Sendable {
    static let shared = Terminal()

    let isInteractive = isatty(STDERR_FILENO) == 1
    private let lastDraw = Mutex<Double>(0)

    func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Replaces the progress line, at most ten times a second.
    func progress(_ text: String) {
        guard isInteractive else { return }
        let now = Date().timeIntervalSinceReferenceDate
        let shouldDraw = lastDraw.withLock { last in
            guard now - last >= 0.1 else { return false }
            last = now
            return true
        }
        if shouldDraw { FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8)) }
    }

    func clearProgress() {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension Double {
    func formatted(decimals: Int) -> String { String(format: "%.\(decimals)f", self) }
}

func padded(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}
