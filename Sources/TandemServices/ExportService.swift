import Foundation
import GRDB
import TandemContract
import TandemDomain
import TandemStorage

/// `tandem export indicators`: the stored values in the stable export format of `indicators.md`:
/// `indicator,school_year,district_code,school_code,group,numerator,denominator,rate,suppressed`.
public struct ExportService: Sendable {
    public let store: TandemStore

    public init(store: TandemStore) { self.store = store }

    public static let header = ["indicator", "school_year", "district_code", "school_code", "group", "numerator",
                                "denominator", "rate", "suppressed"]

    /// Writes the export to `path` (through a temporary file, so a failed export leaves nothing behind)
    /// and returns the number of rows. Counts pass `Audience.mayShow`: an own-district export is that
    /// district's values unsuppressed (it needs the district, unless only one is stored); a public export
    /// holds only the indicators the partnership marked public.
    public func exportIndicators(to path: String, audience: Audience, district: String? = nil) throws -> Int {
        guard try IndicatorValueStore(store: store).latestComputation() != nil else {
            throw UsageError("no indicator values are stored yet: run `tandem compute` first")
        }
        let scope = try self.district(for: audience, named: district)
        let partial = path + ".partial"
        let writer = try CSVWriter(path: partial, header: Self.header)
        do {
            try store.writer.read { db in
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT v.indicator, v.school_year, v.district_code, v.school_code, v.student_group, v.numerator, v.denominator, v.suppressed
                    FROM indicator_value v JOIN indicator_definition d ON d.id = v.indicator
                    WHERE (? IS NULL OR v.district_code = ?)
                      AND (? = 0 OR v.indicator IN (SELECT indicator FROM public_indicator))
                    ORDER BY d.position, v.district_code, v.school_year, v.school_code, \(Self.groupOrder)
                    """, arguments: [scope, scope, audience == .public])
                while let row = try rows.next() {
                    let numerator: Int = row[5], denominator: Int = row[6]
                    let hidden = !audience.mayShow(suppressed: (row[7] as Int) != 0)
                    writer.field(row[0] as String)
                    writer.field(row[1] as Int)
                    writer.field(row[2] as String)
                    writer.field(row[3] as String)
                    writer.field(row[4] as String)
                    if hidden {
                        writer.empty(); writer.empty(); writer.empty()
                    } else {
                        writer.field(numerator)
                        writer.field(denominator)
                        writer.field(Self.rate(numerator, denominator))
                    }
                    writer.field(hidden)
                    writer.endRow()
                }
            }
            try writer.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        return writer.rows
    }

    /// The district a `district` export is scoped to; `nil` (every district) for the other audiences.
    private func district(for audience: Audience, named district: String?) throws -> String? {
        let stored = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT district_code FROM indicator_value ORDER BY 1") }
        guard audience == .ownDistrict else {
            if district != nil { throw UsageError("--district applies to --audience district only") }
            return nil
        }
        if let district {
            guard stored.contains(district) else {
                throw UsageError("no values for district \(district) (stored: \(stored.joined(separator: ", ")))")
            }
            return district
        }
        guard stored.count == 1 else {
            throw UsageError("a district export is for one district's staff: name it with --district (one of \(stored.joined(separator: ", ")))")
        }
        return stored[0]
    }

    /// Groups in the order of `indicators.md`.
    private static let groupOrder = "CASE v.student_group " + StudentGroup.allCases.enumerated()
        .map { "WHEN '\($1.rawValue)' THEN \($0)" }.joined(separator: " ") + " END"

    /// `numerator / denominator` with four decimals, rounded half away from zero in exact integer arithmetic
    /// (`0.5833`; a mean distance from standard is below zero as often as not: `-38.8125`).
    public static func rate(_ numerator: Int, _ denominator: Int) -> String {
        let scaled = (numerator.magnitude * 20_000 + UInt(denominator)) / (2 * UInt(denominator))
        let fraction = String(scaled % 10_000)
        let sign = numerator < 0 && scaled > 0 ? "-" : ""
        return "\(sign)\(scaled / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
