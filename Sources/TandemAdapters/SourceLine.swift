/// Where a source value was read: a file and its line, 1-based (0 when the line is not known).
public struct SourceLine: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`, or the file alone when the line is not known.
    public var description: String { line > 0 ? "\(file):\(line)" : file }
}
