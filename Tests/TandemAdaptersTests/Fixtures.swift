import Foundation
import TandemAdapters
import TandemContract

/// The committed fixtures (`Tests/Fixtures/edfi`, `Tests/Fixtures/sdp`) and the example mapping, found
/// from this file's path, and temporary folders to convert into.
enum Fixtures {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let edfi = tests.appendingPathComponent("Fixtures/edfi").path
    static let sdp = tests.appendingPathComponent("Fixtures/sdp").path
    static let sdpMapping = tests.deletingLastPathComponent().appendingPathComponent("docs/examples/sdp-college-going.mapping.json").path

    /// A new, empty temporary folder's path (not created).
    static func temporaryPath(_ name: String = "out") -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tandem-convert-\(name)-\(UUID().uuidString)").path
    }

    /// A copy of a fixture folder, to spoil.
    static func copy(_ folder: String) throws -> String {
        let path = temporaryPath("source")
        try FileManager.default.copyItem(atPath: folder, toPath: path)
        return path
    }

    static func remove(_ paths: String...) {
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Every file under `folder`, relative, sorted (hidden ones too): to show that nothing was written.
    static func contents(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
    }

    /// A written contract file's rows as column → value, by the header.
    static func rows(_ folder: String, _ file: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}

extension ContractRows {
    /// One row of a file by its student (and year), for the mapping tests.
    func row(_ file: ContractFile, district: String, student: String) -> [String: String]? {
        rows(file, district: district).first { $0["student_id"] == student }
    }
}
