import Foundation
import TandemContract
import TandemDomain

/// Writes converted districts as contract folders, `OUT/<district_code>/`, whole or not at all.
///
/// Everything is written into a hidden temporary folder inside `OUT` first; only when every file of every
/// district is complete is each district folder renamed into place (one `rename(2)` each, on the same file
/// system). A district folder that is there already is refused before anything is written, unless
/// `replace` (`--force`), which puts the new folder in place and then removes the old one.
public enum ContractFolderWriter {
    /// `OUT/<code>` for each district, in the order written.
    @discardableResult
    public static func write(_ rows: ContractRows, to output: String, replace: Bool, report: inout ConversionReport) throws -> [String] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: output, isDirectory: &isFolder), !isFolder.boolValue {
            throw OutputFolderProblem("\(output) is a file: give a folder to write the district folders into")
        }
        let codes = rows.districtCodes
        guard !codes.isEmpty else { throw ConversionError(file: output, line: 0, message: "the source holds no district: nothing to write") }
        for code in codes where !isUsableDistrictCode(code) {
            throw ConversionError(file: output, line: 0, message: "the district code \"\(code)\" must be letters, digits, - or _")
        }
        let destinations = codes.map { (output as NSString).appendingPathComponent($0) }
        if !replace {
            for destination in destinations where manager.fileExists(atPath: destination) {
                throw OutputFolderProblem("\(destination) is there already: give --force to replace it, or another folder")
            }
        }
        do {
            try manager.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw OutputFolderProblem("cannot create \(output): \(error.localizedDescription)")
        }
        let staging = (output as NSString).appendingPathComponent(".tandem-convert-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? manager.removeItem(atPath: staging) }
        var written: [ConversionReport.District] = []
        do {
            for code in codes {
                let folder = (staging as NSString).appendingPathComponent(code)
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                var district = ConversionReport.District(code: code, name: rows.name(of: code), rows: [])
                for spec in rows.filesToWrite(code) {
                    let path = (folder as NSString).appendingPathComponent(spec.fileName)
                    let header = spec.columns.map(\.name)
                    let writer = try CSVWriter(path: path, header: header, createNew: true)
                    for row in rows.rows(spec, district: code) {
                        for column in header { writer.field(row[column]) }
                        writer.endRow()
                    }
                    try writer.close()
                    district.rows.append((spec.fileName, writer.rows))
                }
                written.append(district)
            }
        } catch let problem as OutputFile.Problem {
            throw OutputFolderProblem(problem.description)
        }
        for (code, destination) in zip(codes, destinations) {
            let new = (staging as NSString).appendingPathComponent(code)
            let old = (staging as NSString).appendingPathComponent(".replaced-\(code)")
            if replace, manager.fileExists(atPath: destination) {
                do { try manager.moveItem(atPath: destination, toPath: old) } catch {
                    throw OutputFolderProblem("cannot replace \(destination): \(error.localizedDescription)")
                }
            }
            do { try manager.moveItem(atPath: new, toPath: destination) } catch {
                // Put the old folder back before the staging folder (which now holds it) is removed.
                if manager.fileExists(atPath: old) { try? manager.moveItem(atPath: old, toPath: destination) }
                throw OutputFolderProblem("cannot move the new \(code) folder into \(output): \(error.localizedDescription)")
            }
        }
        for district in written { report.wrote(district) }
        return destinations
    }

    /// The importer's rule for a district code (`tandem import --district`).
    static func isUsableDistrictCode(_ code: String) -> Bool {
        !code.isEmpty && code.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }
}

/// The output folder cannot be written as asked (a district folder there already, a file in the way): a
/// usage error, nothing written.
public struct OutputFolderProblem: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The source cannot be converted (malformed XML, a missing column, an unreadable file): located as
/// `file:line: message`, and nothing is written.
public struct ConversionError: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(SourceLine(file: file, line: line)): \(message)" }
}
