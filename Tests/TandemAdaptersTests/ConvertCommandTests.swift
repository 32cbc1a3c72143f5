import Foundation
import GRDB
import TandemCLI
import TandemContract
import TandemServices
@_spi(Testing) import TandemStorage
import Testing

/// `tandem convert`: exit statuses, nothing half-written, and a round trip through the importer.
@Suite struct ConvertCommandTests {
    /// Converts with the command line, then loads each district folder with the import service into a new
    /// SQLite store; returns the load reports and the district names stored.
    func convertAndLoad(_ arguments: [String], districts: [String]) async throws -> [(report: ImportReport, name: String?)] {
        let output = Fixtures.temporaryPath()
        let database = Fixtures.temporaryPath("db") + ".sqlite"
        defer { Fixtures.remove(output, database, database + "-wal", database + "-shm") }
        #expect(await TandemCommand.run(arguments: ["convert"] + arguments + [output]) == 0)
        let store = try SQLiteStore(path: database)
        var results: [(ImportReport, String?)] = []
        for district in districts {
            let folder = (output as NSString).appendingPathComponent(district)
            let report = try await ImportService(store: store).load(district: district, folder: folder, loadedBy: "test")
            let name = try await store.database.read {
                try String.fetchOne($0, sql: "SELECT name FROM district WHERE code = ?", arguments: [district])
            }
            results.append((report, name))
        }
        try await store.close()
        return results
    }

    @Test func edfiRoundTripLoadsEveryDistrict() async throws {
        let loads = try await convertAndLoad(["edfi", Fixtures.edfi], districts: ["255901", "255902"])
        #expect(loads.map(\.report.loaded) == [true, true])
        #expect(loads.flatMap { $0.report.errors.kept.map(\.description) } == [])
        // schools, students, enrollments: 2, 5, 4 and 1, 2, 2 (by hand, see EdFiAdapterTests).
        #expect(loads[0].report.files.map(\.rows) == [2, 5, 4])
        #expect(loads[1].report.files.map(\.rows) == [1, 2, 2])
        #expect(loads[0].report.years == [2022])
        #expect(loads.map(\.name) == ["Alpha Creek ISD", "Beta Lake ISD"])
    }

    @Test func sdpRoundTripLoads() async throws {
        let loads = try await convertAndLoad(["csv", "--mapping", Fixtures.sdpMapping, Fixtures.sdp], districts: ["SDP"])
        #expect(loads.first?.report.loaded == true)
        #expect(loads.first?.report.errors.kept.map(\.description) == [])
        #expect(loads.first?.report.files.map(\.rows) == [6, 5, 4])
        #expect(loads.first?.report.years == [2004, 2005])
        #expect(loads.first?.name == "SDP College-Going (synthetic)")
    }

    @Test func inputProblemsExitOneAndWriteNothing() async throws {
        let source = try Fixtures.copy(Fixtures.edfi)
        let output = Fixtures.temporaryPath()
        defer { Fixtures.remove(source, output) }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try "<InterchangeStudent><Student>".write(toFile: source + "/Student.xml", atomically: true, encoding: .utf8)
        #expect(await TandemCommand.run(arguments: ["convert", "edfi", source, output]) == 1)
        #expect(Fixtures.contents(output) == [])

        let csvSource = try Fixtures.copy(Fixtures.sdp)
        defer { Fixtures.remove(csvSource) }
        try "sid,school_year\n1,2004\n".write(toFile: csvSource + "/Student_Attributes.csv", atomically: true, encoding: .utf8)
        #expect(await TandemCommand.run(arguments: ["convert", "csv", "--mapping", Fixtures.sdpMapping, csvSource, output]) == 1)
        #expect(Fixtures.contents(output) == [])
    }

    @Test func anExistingDistrictFolderIsReplacedOnlyWithForce() async throws {
        let output = Fixtures.temporaryPath()
        defer { Fixtures.remove(output) }
        let district = (output as NSString).appendingPathComponent("SDP")
        try FileManager.default.createDirectory(atPath: district, withIntermediateDirectories: true)
        try "old\n".write(toFile: district + "/students.csv", atomically: true, encoding: .utf8)
        let convert = ["convert", "csv", "--mapping", Fixtures.sdpMapping, Fixtures.sdp, output]
        #expect(await TandemCommand.run(arguments: convert) == 2)
        #expect(try String(contentsOfFile: district + "/students.csv", encoding: .utf8) == "old\n")
        #expect(await TandemCommand.run(arguments: convert + ["--force"]) == 0)
        #expect(try Fixtures.rows(district, "students.csv").count == 5)
        // Only the district folder is there: the staging folder is gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: output) == ["SDP"])
    }

    @Test func usageErrorsExitTwo() async throws {
        let output = Fixtures.temporaryPath()
        defer { Fixtures.remove(output) }
        #expect(await TandemCommand.run(arguments: ["convert", "edfi", "/no/such/folder", output]) == 2)
        #expect(await TandemCommand.run(arguments: ["convert", "csv", Fixtures.sdp, output]) == 2)
        #expect(await TandemCommand.run(arguments: ["convert", "csv", "--mapping", "/no/such.json", Fixtures.sdp, output]) == 2)
        #expect(await TandemCommand.run(arguments: ["convert", "edfi", "--census-date", "13-01", Fixtures.edfi, output]) == 2)
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
