import Foundation
import TandemContract
public import TandemDomain
public import TandemPorts

/// `tandem export indicators`: the stored values in the stable export format of `indicators.md`:
/// `indicator,school_year,district_code,school_code,group,numerator,denominator,rate,suppressed`; and
/// `tandem export cohorts`: the matched cohorts' values in the same format with `start_year` (the year
/// the cohort was in its starting grade) after `indicator`.
public struct ExportService: Sendable {
    let store: any TandemStore

    public init(store: any TandemStore) { self.store = store }

    public static let header = [
        "indicator", "school_year", "district_code", "school_code", "group", "numerator",
        "denominator", "rate", "suppressed",
    ]

    public static let cohortHeader = [header[0], "start_year"] + header.dropFirst()

    /// Writes the export to `path` and returns the number of rows (through `OutputFile`: only a regular file is
    /// replaced, atomically, and a failed export leaves nothing behind). Counts pass `Audience.mayShow`: an own-district export is that
    /// district's values unsuppressed (it needs the district, unless only one is stored); a public export
    /// holds only the indicators the partnership marked public.
    public func exportIndicators(to path: String, audience: Audience, district: String? = nil) async throws -> Int {
        try await export(to: path, header: Self.header, audience: audience, district: district) { scope, writer in
            try await store.exportValues(district: scope, publicOnly: audience == .public) { row in
                Self.write(row, audience: audience, to: writer) { $0.field(row.indicator) }
            }
        }
    }

    /// Writes every stored matched-cohort value (`cohortHeader`) to `path`, as `exportIndicators` does the
    /// indicator values, through the same rule for each audience; returns the number of rows.
    public func exportCohorts(to path: String, audience: Audience, district: String? = nil) async throws -> Int {
        try await export(to: path, header: Self.cohortHeader, audience: audience, district: district) { scope, writer in
            try await store.exportCohortValues(district: scope, publicOnly: audience == .public) { cohort in
                Self.write(cohort.row, audience: audience, to: writer) {
                    $0.field(cohort.row.indicator)
                    $0.field(cohort.startYear)
                }
            }
        }
    }

    /// The columns of a list export (issue 16): one row per student on a list in a year.
    public static let listHeader = ["list", "school_year", "district_code", "school_code", "student_id", "grade", "reason"]

    /// Writes every student on every list of `district` (by list, year, school and student) to `path`, for
    /// the district's own staff: student-level, so there is no other audience. Returns the number of rows.
    public func exportLists(to path: String, district: String) async throws -> Int {
        guard try await store.read({ try $0.latestComputation() }) != nil else {
            throw InputError("no lists are stored yet: run `tandem compute` first")
        }
        guard try await store.read({ try $0.districtCodes() }).contains(district) else {
            throw InputError("there is no district \(district) (load its records first)")
        }
        let members = try await store.read { try $0.listMembers(district: district, list: nil, year: nil) }
        return try await OutputFile.writeCSV(to: path, header: Self.listHeader) { writer in
            for member in members {
                writer.field(member.list)
                writer.field(member.year)
                writer.field(member.district)
                writer.field(member.school)
                writer.field(member.studentID)
                writer.field(Grade(member.grade)?.code ?? String(member.grade))
                writer.field(member.reason)
                writer.endRow()
            }
        }
    }

    /// The columns of a list-count export: how many students a list holds in a year, place and group.
    public static let listCountHeader = ["list", "school_year", "district_code", "school_code", "group", "students", "suppressed"]

    /// Writes every stored list count (`listCountHeader`) to `path`, through the same gate as the indicator
    /// values: a partnership export blanks every count the small-group rule and its protection hide; a
    /// district export is that district's counts, unsuppressed. The lists are the partnership's working
    /// tools, never public. Returns the number of rows.
    public func exportListCounts(to path: String, audience: Audience, district: String? = nil) async throws -> Int {
        guard audience != .public else {
            throw InputError("list counts are for the partnership and the district's own staff: there is no public export of them")
        }
        return try await export(to: path, header: Self.listCountHeader, audience: audience, district: district) { scope, writer in
            try await store.exportListCounts(district: scope) { row in
                guard let value = row.value.published(for: audience, measure: .count) else { return }
                writer.field(row.indicator)
                writer.field(row.year)
                writer.field(row.district)
                writer.field(row.school)
                writer.field(row.group)
                if let counts = value.counts { writer.field(counts.denominator) } else { writer.empty() }
                writer.field(value.counts == nil)
                writer.endRow()
            }
        }
    }

    /// An export of what is computed: `rows` writes them, given the district the audience is scoped to.
    private func export(
        to path: String,
        header: [String],
        audience: Audience,
        district: String?,
        rows: (String?, CSVWriter) async throws -> Void
    ) async throws -> Int {
        guard try await store.read({ try $0.latestComputation() }) != nil else {
            throw InputError("no indicator values are stored yet: run `tandem compute` first")
        }
        let scope = try await self.district(for: audience, named: district)
        return try await OutputFile.writeCSV(to: path, header: header) { try await rows(scope, $0) }
    }

    /// A row: its indicator (and starting year) by `leading`, then the place, group and value, the counts
    /// and rate blank where `audience` may not see them.
    private static func write(_ row: ExportRow, audience: Audience, to writer: CSVWriter, leading: (CSVWriter) -> Void) {
        // Through the one gate (`StoredValue.published`): an empty group published as hidden is a hidden row
        // to those who may not see it, no row to those who may. (A share or a mean: only the counts are written.)
        guard let value = row.value.published(for: audience, measure: .share) else { return }
        leading(writer)
        writer.field(row.year)
        writer.field(row.district)
        writer.field(row.school)
        writer.field(row.group)
        if let counts = value.counts {
            writer.field(counts.numerator)
            writer.field(counts.denominator)
            writer.field(Self.rate(counts.numerator, counts.denominator))
        } else {
            writer.empty()
            writer.empty()
            writer.empty()
        }
        writer.field(value.counts == nil)
        writer.endRow()
    }

    /// The district a `district` export is scoped to; `nil` (every district) for the other audiences.
    private func district(for audience: Audience, named district: String?) async throws -> String? {
        let stored = try await store.read { try $0.districtsWithValues().map(\.code) }
        guard audience == .ownDistrict else {
            if district != nil { throw InputError("--district applies to --audience district only") }
            return nil
        }
        if let district {
            guard stored.contains(district) else {
                throw InputError("no values for district \(district) (stored: \(stored.joined(separator: ", ")))")
            }
            return district
        }
        guard stored.count == 1 else {
            throw InputError("a district export is for one district's staff: name it with --district (one of \(stored.joined(separator: ", ")))")
        }
        return stored[0]
    }

    /// `numerator / denominator` with four decimals, rounded half away from zero in exact integer arithmetic
    /// (`0.5833`; a mean distance from standard is below zero as often as not: `-38.8125`).
    public static func rate(_ numerator: Int, _ denominator: Int) -> String {
        let scaled = (numerator.magnitude * 20_000 + UInt(denominator)) / (2 * UInt(denominator))
        let fraction = String(scaled % 10_000)
        let sign = numerator < 0 && scaled > 0 ? "-" : ""
        return "\(sign)\(scaled / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
