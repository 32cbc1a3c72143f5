import GRDB
import TandemDisclosure
import TandemDomain
import TandemEngine
@_spi(Testing) import TandemStorage

/// One stored (indicator, district, year) slice as a reader of the published values sees it, laid out as
/// the cube's (the district, then its schools; every group at each), for the exact audit.
struct StoredSlice {
    let schools: [String]
    let table: LinkedTable
    let hidden: [Bool]

    static let groups = StudentGroup.allCases

    init(_ store: SQLiteStore, indicator: String, district: String, year: Int) async throws {
        let rows = try await store.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT school_code, student_group, numerator, denominator, suppressed FROM indicator_value
                    WHERE indicator = ? AND district_code = ? AND school_year = ?
                    """,
                arguments: [indicator, district, year]
            )
        }
        let schools = Set(rows.map { $0["school_code"] as String }).subtracting([""]).sorted()
        let places = [""] + schools
        var cells = Array(repeating: SuppressionRule.Cell(numerator: 0, denominator: 0), count: places.count * Self.groups.count)
        var hidden = Array(repeating: false, count: cells.count)
        for row in rows {
            let place = places.firstIndex(of: row["school_code"] as String)!
            let group = Self.groups.firstIndex(of: StudentGroup(rawValue: row["student_group"])!)!
            let cell = place * Self.groups.count + group
            cells[cell] = SuppressionRule.Cell(numerator: row["numerator"], denominator: row["denominator"])
            hidden[cell] = (row["suppressed"] as Int) > 0
        }
        self.schools = schools
        self.hidden = hidden
        table = LinkedTable(
            cells: cells,
            relations: CubeSuppression.relations(places: places.count),
            measure: .share,
            mayBeEmpty: CubeSuppression.mayBeEmptyAsPublished(cells: cells, hidden: hidden, places: places.count)
        )
    }

    func cell(school: String, group: StudentGroup) -> Int {
        (schools.firstIndex(of: school)! + 1) * Self.groups.count + Self.groups.firstIndex(of: group)!
    }

    /// The cells the principal of a school sees unsuppressed.
    func principal(of school: String) -> [Int] {
        CubeSuppression.principals(cells: table.cells, places: schools.count + 1)[schools.firstIndex(of: school)!]
    }
}
