import Foundation
import TandemCLI
import Testing

/// `tandem state-files check`'s exit statuses: 0 every row agrees, 1 a row disagrees or a file is
/// malformed, 2 a usage error.
@Suite struct StateFilesCommandTests {
    static let header =
        "cds\trtype\tschoolname\tdistrictname\tcountyname\tcharter_flag\tcoe_flag\tdass_flag\tstudentgroup\tcurrnumer\tcurrdenom\tcurrstatus\tpriornumer\tpriordenom\tpriorstatus\tsafetynet\tchange\tstatuslevel\tchangelevel\tcolor\tbox\treportingyear"

    /// 85.0% from 83.0% over 1,000 students: Medium, Increased, Green (4) as CDE would publish it, or
    /// with the given colour.
    static func file(colour: Int) throws -> String {
        let row = "10621660000000\tD\t\tFresno Unified\tFresno\t\t\t\tALL\t850\t1000\t85\t830\t1000\t83\tN\t2\t3\t4\t\(colour)\t140\t2018"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("graddownload-\(UUID().uuidString).txt").path
        try (header + "\n" + row + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func agreeingDisagreeingMalformedAndUsage() async throws {
        let agreeing = try Self.file(colour: 4)
        let disagreeing = try Self.file(colour: 3)
        let malformed = FileManager.default.temporaryDirectory.appendingPathComponent("malformed-\(UUID().uuidString).txt").path
        try "cds\trtype\n1\tX\n".write(toFile: malformed, atomically: true, encoding: .utf8)
        defer { for path in [agreeing, disagreeing, malformed] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(await TandemCommand.run(arguments: ["state-files", "check", agreeing]) == 0)
        #expect(await TandemCommand.run(arguments: ["state-files", "check", agreeing, disagreeing]) == 1)
        #expect(await TandemCommand.run(arguments: ["state-files", "check", agreeing, malformed]) == 1)
        #expect(await TandemCommand.run(arguments: ["state-files", "check"]) == 2)
        #expect(await TandemCommand.run(arguments: ["state-files", "check", agreeing, "/no/such/file.txt"]) == 2)
    }
}
