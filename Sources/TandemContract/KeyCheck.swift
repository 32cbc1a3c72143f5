import TandemDomain

/// Finds rows whose key (the spec's key columns) repeats an earlier row's.
///
/// Each row's key is hashed; a row whose hash was seen is compared value by value with the earlier row,
/// so the check is exact while costing one dictionary lookup per row.
enum KeyCheck {
    static func findDuplicates(in file: ParsedFile, report: (ImportIssue) -> Void) {
        let keyColumns = file.spec.key.map { file.column($0) }
        var firstRowByHash: [UInt64: Int32] = [:]
        firstRowByHash.reserveCapacity(file.rowCount)
        // Rows whose hash collided with a different key: the exact key bytes to their first row.
        var exact: [[UInt8]: Int32] = [:]

        for row in 0..<file.rowCount {
            let hash = keyHash(keyColumns, row: row)
            guard let earlier = firstRowByHash[hash] else {
                firstRowByHash[hash] = Int32(row)
                continue
            }
            if sameKey(keyColumns, Int(earlier), row) {
                report(duplicateIssue(file, row: row, earlierRow: Int(earlier)))
                continue
            }
            let bytes = keyBytes(keyColumns, row: row)
            if let first = exact[bytes] {
                report(duplicateIssue(file, row: row, earlierRow: Int(first)))
            } else {
                exact[bytes] = Int32(row)
            }
        }
    }

    private static func duplicateIssue(_ file: ParsedFile, row: Int, earlierRow: Int) -> ImportIssue {
        let values = file.spec.key.map { name in "\(name)=\(describe(file.column(name), row: row))" }
        return ImportIssue(
            file: file.spec.fileName,
            line: Int(file.lines[row]),
            column: file.spec.key.joined(separator: ", "),
            message: "duplicate key (\(values.joined(separator: ", "))), first on line \(file.lines[earlierRow])"
        )
    }

    static func describe(_ column: ColumnValues, row: Int) -> String {
        switch column {
        case .text(let text): text.string(row) ?? ""
        case .integer(let values): values[row] == ColumnValues.missingInteger ? "" : String(values[row])
        case .number(let values): values[row].isNaN ? "" : String(values[row])
        case .code(let indexes, let allowed): indexes[row] == 0 ? "" : allowed[Int(indexes[row]) - 1]
        }
    }

    /// FNV-1a over the key's values, with a separator between columns.
    private static func keyHash(_ columns: [ColumnValues], row: Int) -> UInt64 {
        var hash = FNV1a()
        @inline(__always) func mix(_ byte: UInt8) { hash.combine(byte) }
        for column in columns {
            switch column {
            case .text(let text):
                text.arena.withUnsafeBufferPointer { arena in
                    for index in text.range(row) { mix(arena[index]) }
                }
            case .integer(let values):
                let value = UInt32(bitPattern: values[row])
                mix(UInt8(truncatingIfNeeded: value))
                mix(UInt8(truncatingIfNeeded: value >> 8))
                mix(UInt8(truncatingIfNeeded: value >> 16))
                mix(UInt8(truncatingIfNeeded: value >> 24))
            case .number(let values):
                let bits = values[row].bitPattern
                for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
            case .code(let indexes, _):
                mix(indexes[row])
            }
            mix(0x1F)
        }
        return hash.value
    }

    private static func sameKey(_ columns: [ColumnValues], _ a: Int, _ b: Int) -> Bool {
        columns.allSatisfy { column in
            switch column {
            case .text(let text): text.arena[text.range(a)].elementsEqual(text.arena[text.range(b)])
            case .integer(let values): values[a] == values[b]
            case .number(let values): values[a].bitPattern == values[b].bitPattern
            case .code(let indexes, _): indexes[a] == indexes[b]
            }
        }
    }

    private static func keyBytes(_ columns: [ColumnValues], row: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for column in columns {
            bytes.append(contentsOf: describe(column, row: row).utf8)
            bytes.append(0x1F)
        }
        return bytes
    }
}
