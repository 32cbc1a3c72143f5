import Foundation
import Testing
import TandemCLI

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

    @Test func usageErrorCreatesNoDatabase() async throws {
        let database = TemporaryDatabase()
        #expect(await TandemCommand.run(arguments: ["import", "--db", database.path, "--district", "TEST", "/nonexistent/folder"]) == 2)
        #expect(!FileManager.default.fileExists(atPath: database.path))
    }
}
