public import Foundation

/// How Tandem writes a moment in its tables, logs and pages: ISO 8601 in UTC to the second
/// (`2026-12-01T06:53:11Z`), which sorts as text in time order.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// The current moment.
    public static func now() -> String { string(Date()) }
}
