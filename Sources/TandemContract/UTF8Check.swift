/// Finds the first byte that is not part of valid UTF-8, with its line and character position, so a
/// file saved in Latin-1 or Windows-1252 is rejected with a message that points at the culprit.
public enum UTF8Check {
    public struct InvalidByte: Equatable, Sendable {
        public let byte: UInt8
        public let line: Int
        public let column: Int

        public init(byte: UInt8, line: Int, column: Int) {
            self.byte = byte
            self.line = line
            self.column = column
        }
    }

    public static func firstInvalidByte(_ bytes: UnsafeBufferPointer<UInt8>) -> InvalidByte? {
        guard let offset = firstInvalidOffset(bytes) else { return nil }
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        // Characters, not bytes, before the bad byte on its line.
        let column = bytes[lineStart..<offset].reduce(1) { count, byte in byte & 0xC0 == 0x80 ? count : count + 1 }
        return InvalidByte(byte: bytes[offset], line: line, column: column)
    }

    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        var index = 0
        guard let base = bytes.baseAddress else { return nil }
        while index < count {
            // Fast path: eight ASCII bytes at a time.
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            switch lead {
            case 0xC2...0xDF:
                length = 2
                minimum = 0x80
            case 0xE0...0xEF:
                length = 3
                minimum = 0x800
            case 0xF0...0xF4:
                length = 4
                minimum = 0x10000
            default: return index
            }
            guard index + length <= count else { return index }
            var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<length {
                let next = bytes[index + offset]
                guard next & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }
}
