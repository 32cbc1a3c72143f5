import Foundation
import TandemContract
import TandemDomain
import Testing

/// CDE Dashboard downloads read in their published layout, and Tandem's rules checked against them:
/// hand-made rows at every boundary (each with the levels CDE's 2018 file shows for such a row), the
/// reader's located errors, and CDE's whole 2018 graduation file.
@Suite struct StateFilesCheckTests {
    static let header =
        "cds\trtype\tschoolname\tdistrictname\tcountyname\tcharter_flag\tcoe_flag\tdass_flag\tstudentgroup\tcurrnumer\tcurrdenom\tcurrstatus\tpriornumer\tpriordenom\tpriorstatus\tsafetynet\tchange\tstatuslevel\tchangelevel\tcolor\tbox\treportingyear"

    /// One row in the 2018 layout. Levels: status 1 Very Low … 5 Very High, change 1 Declined
    /// Significantly … 5 Increased Significantly, colour 1 Red … 5 Blue, 0 none.
    static func row(
        _ current: (Int?, Int),
        _ prior: (Int?, Int),
        levels: (Int, Int, Int),
        group: String = "ALL",
        rtype: String = "S",
        dass: Bool = false,
        change: String? = nil
    ) -> String {
        func rate(_ counts: (Int?, Int)) -> String {
            guard let numerator = counts.0, counts.1 > 0 else { return "" }
            return Measure.tenth(Double(numerator) * 100 / Double(counts.1))
        }
        let changeText =
            change
            ?? {
                guard let top = current.0, let before = prior.0, prior.1 >= 11 else { return "" }
                return Measure.tenth(Double(top) * 100 / Double(current.1) - Double(before) * 100 / Double(prior.1))
            }()
        let fields: [String] = [
            rtype == "S" ? "10621661234567" : "10621660000000", rtype, rtype == "S" ? "Escuela Año" : "", "Fresno Unified", "Fresno", "", "",
            dass ? "Y" : "", group, current.0.map(String.init) ?? "", String(current.1), rate(current), prior.0.map(String.init) ?? "",
            String(prior.1), rate(prior), current.1 < 150 ? "Y" : "N", changeText, String(levels.0), String(levels.1), String(levels.2), "0", "2018",
        ]
        return fields.joined(separator: "\t")
    }

    /// Every boundary of the 2018 graduation rules, with the levels CDE published for rows like it.
    static let boundaryRows: [String] = [
        // Status cut points: 66.9 Very Low, 67.0 Low, 79.9 Low, 80.0 Medium, 89.9 Medium, 90.0 High,
        // 94.9 High, 95.0 Very High; each Maintained over 1,000 students.
        row((669, 1000), (669, 1000), levels: (1, 3, 1)),
        row((670, 1000), (670, 1000), levels: (2, 3, 2)),
        row((799, 1000), (799, 1000), levels: (2, 3, 2)),
        row((800, 1000), (800, 1000), levels: (3, 3, 3)),
        row((899, 1000), (899, 1000), levels: (3, 3, 3)),
        row((900, 1000), (900, 1000), levels: (4, 3, 4)),
        row((949, 1000), (949, 1000), levels: (4, 3, 4)),
        row((950, 1000), (950, 1000), levels: (5, 3, 5)),
        // Change cut points at 85.0% (Medium) over 1,000: −5.1 DS Orange, −5.0 D Orange, −1.0 D,
        // −0.9 M Yellow, +0.9 M, +1.0 I Green, +4.9 I, +5.0 IS Green.
        row((850, 1000), (901, 1000), levels: (3, 1, 2)),
        row((850, 1000), (900, 1000), levels: (3, 2, 2)),
        row((850, 1000), (860, 1000), levels: (3, 2, 2)),
        row((850, 1000), (859, 1000), levels: (3, 3, 3)),
        row((850, 1000), (841, 1000), levels: (3, 3, 3)),
        row((850, 1000), (840, 1000), levels: (3, 4, 4)),
        row((850, 1000), (801, 1000), levels: (3, 4, 4)),
        row((850, 1000), (800, 1000), levels: (3, 5, 4)),
        // Minimum n: 10 students, numerator blanked, nothing; 11, a Status only (no prior year, or 10 then);
        // 29 now or before, no colour; 30 in both (90.0 from 80.0: +10.0, folded to Increased), Green.
        row((nil, 10), (nil, 10), levels: (0, 0, 0)),
        row((9, 11), (nil, 0), levels: (3, 0, 0)),
        row((9, 11), (nil, 10), levels: (3, 0, 0)),
        row((25, 29), (24, 30), levels: (3, 4, 0)),
        row((25, 30), (20, 29), levels: (3, 4, 0)),
        row((27, 30), (24, 30), levels: (4, 4, 4)),
        // An LEA's foster youth from 15 in both years; 14 is too few; a school's needs 30.
        row((13, 15), (12, 15), levels: (3, 4, 4), group: "FOS", rtype: "D"),
        row((12, 14), (12, 15), levels: (3, 4, 0), group: "HOM", rtype: "D"),
        row((13, 15), (12, 15), levels: (3, 4, 0), group: "FOS", rtype: "S"),
        // Safety net: 91.0 from 80.0 (+11.0) under 150 folds to Increased (Green); at 150 Blue.
        row((91, 100), (80, 100), levels: (4, 4, 4)),
        row((135, 149), (119, 149), levels: (4, 4, 4)),
        row((137, 150), (120, 150), levels: (4, 5, 5)),
        // A DASS school: 70.0 is Medium there, +2.9 Maintained (Yellow).
        row((700, 1000), (671, 1000), levels: (3, 3, 3), dass: true),
        // CDE's own blank change with a published prior rate (20 DASS schools in 2018): no change, no colour.
        row((150, 200), (140, 200), levels: (3, 0, 0), dass: true, change: ""),
    ]

    static func file(_ rows: [String], name: String = "graddownload2018.txt") throws -> DashboardDownloadFile {
        try DashboardDownloadFile.read(Array(([header] + rows).joined(separator: "\n").utf8) + [0x0A], name: name)
    }

    @Test func everyBoundaryRowAgrees() throws {
        let report = StateFilesCheck.check(try Self.file(Self.boundaryRows))
        #expect(report.edition == .fall2018 && report.rows == Self.boundaryRows.count)
        #expect(report.tables.flatMap(\.disagreements) == [])
        #expect(report.agrees)
        // Coloured rows: 8 status + 8 change + 1 (30 both) + 1 foster + 3 safety net + 1 DASS.
        #expect(report.colours.agree == 22 && report.colours.compared == 22)
        #expect(report.priorWithheld == 1)
        #expect(report.tables.map(\.rows) == [Self.boundaryRows.count - 2, 2])
    }

    /// A rule broken on purpose is caught: each row with one published level moved.
    @Test(arguments: [(1, "statuslevel"), (16, "color"), (20, "color"), (23, "color"), (25, "changelevel"), (27, "color")])
    func aWrongPublishedLevelIsADisagreementWithItsRow(index: Int, column: String) throws {
        var fields = Self.boundaryRows[index].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let position = Self.header.split(separator: "\t").firstIndex { $0 == column }!
        fields[position] = fields[position] == "0" ? "3" : fields[position] == "5" ? "4" : String(Int(fields[position])! + 1)
        var rows = Self.boundaryRows
        rows[index] = fields.joined(separator: "\t")
        let report = StateFilesCheck.check(try Self.file(rows))
        #expect(!report.agrees)
        let listed = report.tables.flatMap(\.disagreements)
        #expect(listed.count == 1)
        #expect(listed.first?.hasPrefix("graddownload2018.txt:\(index + 2): ") == true, "\(listed)")
        #expect(report.lines.contains { $0.hasPrefix("    graddownload2018.txt:\(index + 2): ") })
    }

    @Test func theListingIsCapped() throws {
        // 25 rows all published one status level too high.
        let wrong = (0..<25).map { _ in Self.row((850, 1000), (850, 1000), levels: (4, 3, 4)) }
        let report = StateFilesCheck.check(try Self.file(wrong))
        #expect(report.tables[0].disagreeing == 25 && report.tables[0].disagreements.count == StateFilesCheck.listed)
        #expect(report.lines.contains("    … and 5 more disagreeing rows (the first 20 listed)"))
        #expect(report.colours.agree == 0 && report.colours.compared == 25)
    }

    @Test func namesAreLatin1() throws {
        // "Año" in Windows-1252: ñ is the single byte 0xF1, which is not UTF-8.
        var bytes = Array(([Self.header, Self.boundaryRows[0]].joined(separator: "\r\n") + "\r\n").utf8)
        let ñ = Array("ñ".utf8)
        let at = bytes.indices.first { bytes[$0] == ñ[0] && bytes[$0 + 1] == ñ[1] }!
        bytes.replaceSubrange(at...(at + 1), with: [0xF1])
        let file = try DashboardDownloadFile.read(bytes, name: "graddownload2018.txt")
        #expect(file.graduation.map(\.name) == ["Escuela Año"])
        #expect(file.graduation.first?.line == 2)
    }

    /// Each malformed file or row is refused with `file:line: column: message`.
    @Test(arguments: [
        ("cds\trtype\tfoo\n", "bad.txt:1: (header): not a Dashboard download Tandem reads"),
        ("", "bad.txt:1: (file): the file is empty"),
        (header + "\n", "bad.txt:2: (file): the file has a header and no rows"),
        (header + "\n" + row((9, 11), (nil, 0), levels: (3, 0, 0)) + "\textra\n", "bad.txt:2: (record): 23 fields where the header has 22"),
        (
            header + "\n" + row((9, 11), (nil, 0), levels: (3, 0, 0)).replacingOccurrences(of: "\t11\t", with: "\televen\t"),
            "bad.txt:2: currdenom: \"eleven\" is not a whole number"
        ),
        (header + "\n" + row((12, 11), (nil, 0), levels: (3, 0, 0)), "bad.txt:2: currnumer: 12 is more than the 11 of currdenom"),
        (header + "\n" + row((9, 11), (nil, 0), levels: (7, 0, 0)), "bad.txt:2: statuslevel: \"7\" is not a level"),
        (
            header + "\n" + row((9, 11), (nil, 0), levels: (3, 0, 0)).replacingOccurrences(of: "\tS\t", with: "\tQ\t"),
            "bad.txt:2: rtype: \"Q\" is not X"
        ),
        (
            header + "\n" + row((9, 11), (nil, 0), levels: (3, 0, 0)) + "\n"
                + row((9, 11), (nil, 0), levels: (3, 0, 0)).replacingOccurrences(of: "\t2018", with: "\t2019"),
            "bad.txt:3: reportingyear: 2019 in a file of 2018"
        ),
    ])
    func malformedFilesAreRefusedWithTheirPlace(text: String, expected: String) {
        #expect {
            try DashboardDownloadFile.read(Array(text.utf8), name: "bad.txt")
        } throws: { error in
            (error as? DashboardDownloadFile.Problem)?.description.hasPrefix(expected) == true
        }
    }

    @Test func theELPACLevelFileIsReportedAsNotCheckable() throws {
        let text = """
            cds\trtype\tschoolname\tdistrictname\tcountyname\tdass_flag\tcharter_flag\tcoe_flag\tPL_1\tPL1_Pct\tPL_2\tPL2_Pct\tPL_3\tPL3_Pct\tPL_4\tPL4_Pct\tPLTotCt\treportingyear
            10621660000000\tD\t\tFresno Unified\tFresno\t\t\t\t2304\t16\t3479\t24.1\t5172\t35.9\t3451\t24\t14406\t2018
            10621661234567\tS\tA School\tFresno Unified\tFresno\t\t\t\t\t\t3\t30\t3\t30\t4\t40\t10\t2018

            """
        let report = StateFilesCheck.check(try DashboardDownloadFile.read(Array(text.utf8), name: "elpidownload2018.txt"))
        #expect(report.layout == .elpacLevels && report.rows == 2 && report.tables.isEmpty)
        #expect(report.notCheckable?.hasPrefix("no status levels, change levels or colours published") == true)
        // Fresno's four percentages and total recomputed; the row with a blanked count is not compared.
        #expect(report.levelPercents == StateFilesCheck.Tally(agree: 1, compared: 1))
        #expect(report.agrees && report.colours.compared == 0)
    }

    /// CDE's own 2018 graduation file: every row's status level, change level and colour as CDE
    /// published them. Read from the shared data folder beside the repository (never copied into it).
    @Test func cdesWhole2018GraduationFileAgrees() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = repository.deletingLastPathComponent().appendingPathComponent("shared/data/cde-dashboard/graddownload2018.txt").path
        let data = try #require(FileManager.default.contents(atPath: path), "CDE's file is expected at \(path)")
        let report = StateFilesCheck.check(try DashboardDownloadFile.read([UInt8](data), name: "graddownload2018.txt"))
        #expect(report.rows == 31_447)
        #expect(report.tables.flatMap(\.disagreements) == [])
        let ordinary = report.tables[0]
        let alternative = report.tables[1]
        #expect(ordinary.colour == StateFilesCheck.Tally(agree: 9_167, compared: 9_167))
        #expect(alternative.colour == StateFilesCheck.Tally(agree: 1_495, compared: 1_495))
        // The figures the domain's tables cite are those of the file.
        #expect(DashboardIndicator.graduationRate.checkedAgainst(in: .fall2018)?.colouredRows == ordinary.colour.compared)
        #expect(DashboardIndicator.graduationRateAlternative.checkedAgainst(in: .fall2018)?.colouredRows == alternative.colour.compared)
        #expect(ordinary.status.compared + alternative.status.compared == 16_867)
        #expect(ordinary.change.compared + alternative.change.compared == 15_467)
        #expect(report.priorWithheld == 86)
        #expect(report.colours == StateFilesCheck.Tally(agree: 10_662, compared: 10_662))
    }
}
