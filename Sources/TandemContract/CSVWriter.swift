import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an RFC 4180 CSV file through a large buffer: fields are quoted only when they must be
/// (a comma, a quote or a line break in them), and lines end with LF.
///
/// A write that fails (a full disk) is remembered, not trapped: nothing more is written and `close()`
/// throws it, so a caller checks once, at the end, and no row can be lost without an error.
///
/// The buffer and the line state live behind one pointer the writer owns (`Line`): a class's `var`s are
/// checked for exclusive access at run time on every use, which cost a quarter of the demo's generation
/// time when every byte went through them.
public final class CSVWriter {
    private let path: String
    private let descriptor: Int32
    private let line: UnsafeMutablePointer<Line>

    /// The bytes not yet written and the fields of the line being built.
    private struct Line {
        var bytes: [UInt8] = []
        var fields = 0
        var rows = 0
        /// The `errno` of the first write that failed, 0 while none has.
        var failure: Int32 = 0
        var closed = false

        mutating func separate() {
            if fields > 0 { bytes.append(0x2C) }
            fields += 1
        }

        mutating func append(_ text: String) {
            separate()
            let needsQuotes = text.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            if !needsQuotes {
                bytes.append(contentsOf: text.utf8)
                return
            }
            bytes.append(0x22)
            for byte in text.utf8 {
                if byte == 0x22 { bytes.append(0x22) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        }

        mutating func append(_ number: Int) {
            separate()
            if number < 0 { bytes.append(0x2D) }
            var value = number.magnitude
            var digits:
                (
                    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                    UInt8, UInt8
                ) =
                    (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            withUnsafeMutableBytes(of: &digits) { digitBytes in
                repeat {
                    digitBytes[count] = UInt8(value % 10) + 0x30
                    value /= 10
                    count += 1
                } while value > 0
                for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(digitBytes[index]) }
            }
        }

        mutating func end() {
            bytes.append(0x0A)
            fields = 0
        }
    }

    public var rows: Int { line.pointee.rows }

    /// Creates (or empties) the file at `path`; with `createNew`, a file already there is an error (so a
    /// temporary name cannot be a planted link).
    public init(path: String, header: [String], createNew: Bool = false) throws {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (createNew ? O_EXCL : O_TRUNC)
        descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw OutputFile.Problem(path: path, errno: errno) }
        self.path = path
        line = .allocate(capacity: 1)
        line.initialize(to: Line())
        line.pointee.bytes.reserveCapacity(1 << 20)
        for name in header { line.pointee.append(name) }
        line.pointee.end()
    }

    deinit {
        if !line.pointee.closed { _ = closeDescriptor(descriptor) }
        line.deinitialize(count: 1)
        line.deallocate()
    }

    public func field(_ text: String) { line.pointee.append(text) }

    public func field(_ number: Int) { line.pointee.append(number) }

    public func field(_ text: String?) {
        if let text { field(text) } else { empty() }
    }

    public func field(_ number: Int?) {
        if let number { field(number) } else { empty() }
    }

    public func field(_ flag: Bool) { field(flag ? "Y" : "N") }

    public func field(_ flag: Bool?) {
        if let flag { field(flag) } else { empty() }
    }

    public func empty() { line.pointee.separate() }

    public func endRow() {
        line.pointee.end()
        line.pointee.rows += 1
        if line.pointee.bytes.count >= 1 << 20 { flush() }
    }

    private func flush() {
        defer { line.pointee.bytes.removeAll(keepingCapacity: true) }
        guard line.pointee.failure == 0 else { return }
        let descriptor = self.descriptor
        line.pointee.failure = line.pointee.bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
    }

    /// Writes what is buffered and closes the file; throws if any write failed (the file is then incomplete).
    public func close() throws {
        guard !line.pointee.closed else { return }
        flush()
        line.pointee.closed = true
        let closed = closeDescriptor(descriptor)
        if line.pointee.failure != 0 { throw OutputFile.Problem(path: path, errno: line.pointee.failure) }
        if closed != 0 { throw OutputFile.Problem(path: path, errno: errno) }
    }

    /// Rows of text fields as one CSV document (a download made in memory), quoted by the same rule as a file.
    public static func text(_ rows: [[String]]) -> String {
        var line = Line()
        for row in rows {
            for field in row { line.append(field) }
            line.end()
        }
        return String(decoding: line.bytes, as: UTF8.self)
    }
}

/// `close(2)`, which `CSVWriter.close()` hides by name.
private func closeDescriptor(_ descriptor: Int32) -> Int32 { close(descriptor) }
