import Foundation

/// Writes an RFC 4180 CSV file through a large buffer: fields are quoted only when they must be
/// (a comma, a quote or a line break in them), and lines end with LF.
public final class CSVWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var fieldsInLine = 0
    public private(set) var rows = 0

    public init(path: String, header: [String]) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(1 << 20)
        for name in header { field(name) }
        buffer.append(0x0A)
        fieldsInLine = 0
    }

    private func separator() {
        if fieldsInLine > 0 { buffer.append(0x2C) }
        fieldsInLine += 1
    }

    public func field(_ text: String) {
        separator()
        let needsQuotes = text.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if !needsQuotes {
            buffer.append(contentsOf: text.utf8)
            return
        }
        buffer.append(0x22)
        for byte in text.utf8 {
            if byte == 0x22 { buffer.append(0x22) }
            buffer.append(byte)
        }
        buffer.append(0x22)
    }

    public func field(_ number: Int) {
        separator()
        if number < 0 { buffer.append(0x2D) }
        var value = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { digitBytes in
            repeat {
                digitBytes[count] = UInt8(value % 10) + 0x30
                value /= 10
                count += 1
            } while value > 0
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(digitBytes[index]) }
        }
    }

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

    public func empty() { separator() }

    public func endRow() {
        buffer.append(0x0A)
        fieldsInLine = 0
        rows += 1
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() throws {
        flush()
        try handle.close()
    }
}
