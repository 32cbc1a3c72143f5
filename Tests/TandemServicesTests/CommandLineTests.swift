import Foundation
import TandemCLI
import TandemContract
import TandemDomain
import TandemPorts
import TandemServices
import TandemStorage
import Testing

/// The exit statuses the data contract promises: 0 loaded, 1 rejected, 2 usage error.
@Suite struct CommandLineTests {
    @Test func loadedRejectedAndUsageErrorExitStatuses() async throws {
        let database = TemporaryDatabase()
        var folder = try DistrictFolder()
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 0)

        try folder.replaceLine("enrollments.csv", 3, with: "TEST,S1,2011,100,5,Y,N,XX,2005-09-01,,N,N")
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 1)

        try folder.remove("students.csv")
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 2)
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, folder.path]) == 2)
        #expect(await TandemCommand.run(arguments: ["import", "--no-such-flag"]) == 2)
    }

    /// `--check` runs every check and writes nothing: no database is created, and a stored one is left as
    /// it was (byte for byte), while what it holds still counts (schools and students stored earlier).
    @Test func aCheckWritesNothing() async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        var folder = try DistrictFolder()
        defer { folder.delete() }
        let check = ["import", "--check", "--db", database.path, "--district", "TEST", folder.path]
        #expect(await TandemCommand.run(arguments: check) == 0)
        #expect(!FileManager.default.fileExists(atPath: database.path))
        try folder.replaceLine("enrollments.csv", 3, with: "TEST,S1,2011,100,5,Y,N,XX,2005-09-01,,N,N")
        #expect(await TandemCommand.run(arguments: check) == 1)
        #expect(!FileManager.default.fileExists(atPath: database.path))

        // Load the good folder, then check a folder holding only enrollments of students stored already.
        try folder.replaceLine("enrollments.csv", 3, with: "TEST,S1,2011,100,5,Y,N,RFEP,2005-09-01,2011-04-15,N,N")
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 0)
        let stored = try Data(contentsOf: URL(fileURLWithPath: database.path))
        let later = try DistrictFolder(
            DistrictFolder.valid.filter { ["schools.csv", "students.csv", "enrollments.csv"].contains($0.key) }
        )
        defer { later.delete() }
        #expect(await TandemCommand.run(arguments: ["import", "--check", "--db", database.path, "--district", "TEST", later.path]) == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: database.path)) == stored)
        let store = try SQLiteStore(path: database.path)
        #expect(try await store.read { try $0.importLog(district: "TEST") }.count == 1)
        #expect(
            await TandemCommand.run(arguments: ["import", "--check", "--max-errors", "-1", "--db", database.path, "--district", "TEST", later.path])
                == 2
        )
    }

    /// `--rejects DIR` writes each wrong row whole with what is wrong with it; fixed and put back, the rows
    /// load as a clean file would.
    @Test func rejectedRowsAreWrittenWithTheirErrorsAndLoadOnceFixed() async throws {
        let database = TemporaryDatabase()
        defer { database.delete() }
        var folder = try DistrictFolder()
        defer { folder.delete() }
        let rejects = folder.path + "-rejects"
        defer { try? FileManager.default.removeItem(atPath: rejects) }
        let clean = DistrictFolder.valid["enrollments.csv"]!.components(separatedBy: "\n")
        try folder.replaceLine("enrollments.csv", 3, with: "TEST,S1,2011,100,5,Y,N,XX,2005-09-01,2011-04-15,N,N")
        try folder.replaceLine("enrollments.csv", 5, with: "TEST,S2,2011,,7,N,Y,EO,,,N,N")
        let load = ["import", "--db", database.path, "--district", "TEST", folder.path]
        #expect(await TandemCommand.run(arguments: load + ["--rejects", rejects]) == 1)
        let written = try String(contentsOfFile: rejects + "/enrollments.csv", encoding: .utf8)
        #expect(
            written == """
                \(clean[0]),tandem_error
                TEST,S1,2011,100,5,Y,N,XX,2005-09-01,2011-04-15,N,N,"el_status: unknown code ""…"" (expected one of EO, IFEP, EL, RFEP, TBD)"
                TEST,S2,2011,,7,N,Y,EO,,,N,N,school_code: a value is required

                """
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: rejects) == ["enrollments.csv"])
        // Fixed as the error says and put back in place of the wrong rows, the file loads.
        try folder.replaceLine("enrollments.csv", 3, with: clean[2])
        try folder.replaceLine("enrollments.csv", 5, with: clean[4])
        #expect(await TandemCommand.run(arguments: load) == 0)
    }

    /// The template is the contract: its empty files pass the importer's checks, its README names every
    /// column, and it never replaces a file that is there.
    @Test func theTemplateIsAnEmptyFolderTheImporterAccepts() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-template-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(await TandemCommand.run(arguments: ["template", folder]) == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["README.md", "assessments.csv", "courses.csv", "enrollments.csv", "outcomes.csv", "schools.csv", "students.csv"])
        let database = TemporaryDatabase()
        #expect(await TandemCommand.run(arguments: ["import", "--check", "--db", database.path, "--district", "NEW", folder]) == 0)
        let readme = try String(contentsOfFile: folder + "/README.md", encoding: .utf8)
        for file in DataContract.files {
            #expect(readme.contains("## \(file.fileName)"))
            for column in file.columns { #expect(readme.contains("| \(column.name) |"), "\(file.fileName) \(column.name)") }
        }
        try Data("kept".utf8).write(to: URL(fileURLWithPath: folder + "/students.csv"))
        #expect(await TandemCommand.run(arguments: ["template", folder]) == 2)
        #expect(try String(contentsOfFile: folder + "/students.csv", encoding: .utf8) == "kept")
    }

    @Test func usageErrorCreatesNoDatabase() async throws {
        let database = TemporaryDatabase()
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", "/nonexistent/folder"]) == 2)
        #expect(!FileManager.default.fileExists(atPath: database.path))
    }
}

/// `tandem users` and `tandem public`: accounts and what is public, from the server's command line.
@Suite struct AccountCommandTests {
    @Test func usersAreAddedListedDisabledAndResetWithClearRefusals() async throws {
        let database = TemporaryDatabase()
        let folder = try DistrictFolder()
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 0)
        let db = ["--db", database.path]
        #expect(await TandemCommand.run(arguments: ["users", "add", "chief", "--role", "partnership-admin"] + db) == 0)
        #expect(await TandemCommand.run(arguments: ["users", "add", "lead", "--role", "district-leader", "--district", "TEST"] + db) == 0)
        #expect(
            await TandemCommand.run(arguments: ["users", "add", "head", "--role", "principal", "--district", "TEST", "--school", "100"] + db) == 0
        )
        // Refused with a usage error: a taken name, a role without its district, an unknown district or role, a principal without schools.
        #expect(await TandemCommand.run(arguments: ["users", "add", "LEAD", "--role", "viewer", "--district", "TEST"] + db) == 2)
        #expect(await TandemCommand.run(arguments: ["users", "add", "x", "--role", "viewer"] + db) == 2)
        #expect(await TandemCommand.run(arguments: ["users", "add", "x", "--role", "viewer", "--district", "NOPE"] + db) == 2)
        #expect(await TandemCommand.run(arguments: ["users", "add", "x", "--role", "king", "--district", "TEST"] + db) == 2)
        #expect(await TandemCommand.run(arguments: ["users", "add", "x", "--role", "principal", "--district", "TEST"] + db) == 2)
        #expect(await TandemCommand.run(arguments: ["users", "list"] + db) == 0)
        #expect(await TandemCommand.run(arguments: ["users", "disable", "lead"] + db) == 0)
        #expect(await TandemCommand.run(arguments: ["users", "reset-password", "lead"] + db) == 0)
        #expect(await TandemCommand.run(arguments: ["users", "disable", "nobody"] + db) == 2)

        let store = try SQLiteStore(path: database.path)
        let accounts = try await AccessService(store: store).accounts(for: .operator("test"))
        #expect(accounts.map(\.identity.username) == ["chief", "head", "lead"])
        #expect(accounts.first { $0.identity.username == "lead" }?.disabled == true)
        let events = try await AccessService(store: store).auditLog(for: Identity(username: "a", role: .partnershipAdmin, district: nil))
        #expect(events.filter { $0.action.rawValue == "account-added" }.count == 3)
        #expect(events.contains { $0.action.rawValue == "password-reset" && $0.actor.hasSuffix("(command line)") })
    }

    @Test func publicIndicatorsAreSetByIdAndUnknownOnesRefused() async throws {
        let database = TemporaryDatabase()
        let folder = try DistrictFolder()
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", folder.path]) == 0)
        let db = ["--db", database.path]
        #expect(await TandemCommand.run(arguments: ["public", "--set", "grad_rate_4yr, ag_completion"] + db) == 0)
        #expect(await TandemCommand.run(arguments: ["public", "--set", "grad_rate_4yr,nope"] + db) == 2)
        #expect(try await AccessService(store: try SQLiteStore(path: database.path)).publicIndicators() == ["grad_rate_4yr", "ag_completion"])
    }
}
