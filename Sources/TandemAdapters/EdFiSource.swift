import Foundation
import SWXMLHash
import TandemDomain

#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the Ed-Fi adapter reads from a folder of interchange files: the elements it uses, each with the
/// line it starts on.
struct EdFiSource {
    struct LocalEducationAgency {
        let id: String
        let name: String?
        /// The element's `id` attribute (`LEAG_255903`), which a school's reference may name instead of the id.
        let referenceID: String?
    }

    struct School {
        let id: String
        let name: String?
        let grades: [String]
        let category: String?
        let types: [String]
        /// Resolved once every file is read.
        var district: String?
        let leaReference: String?
        let leaIdentity: String?
        let source: SourceLine
    }

    struct Student {
        let birthDate: Day?
        let source: SourceLine
    }

    struct SchoolAssociation {
        let student: String
        let school: String
        let entryDate: Day?
        let exitDate: Day?
        let grade: String?
        /// `SchoolYear` when given (Ed-Fi's is the ending year, as the contract's), else from `EntryDate`:
        /// an entry from July on is in the school year that ends the next calendar year.
        let schoolYear: Int?
        let source: SourceLine

        func covers(_ day: Day) -> Bool {
            guard let entryDate, entryDate <= day else { return false }
            return exitDate.map { $0 >= day } ?? true
        }
    }

    struct Characteristic {
        /// The descriptor's code value, lowercased.
        let code: String
        let begin: Day?
        let end: Day?

        func isActive(inSchoolYear year: Int) -> Bool { EdFiSource.overlaps(begin: begin, end: end, schoolYear: year) }
    }

    struct OrganizationAssociation {
        let student: String
        let organization: String
        var sex: String?
        var hispanic: String?
        var races: [String]
        var characteristics: [Characteristic]
        var englishProficiency: String?
        var languages: [String]
        let source: SourceLine

        /// Whether the district recorded anything beyond sex and race for the student: then a
        /// characteristic or proficiency it did not record is taken as absent (see `docs/adapters.md`).
        var hasRecords: Bool { !characteristics.isEmpty || englishProficiency != nil || !languages.isEmpty }

        /// A second association of the same student with the same district adds what the first lacks.
        func merged(with other: OrganizationAssociation) -> OrganizationAssociation {
            var merged = self
            merged.sex = sex ?? other.sex
            merged.hispanic = hispanic ?? other.hispanic
            merged.races += other.races.filter { !races.contains($0) }
            merged.characteristics += other.characteristics
            merged.englishProficiency = englishProficiency ?? other.englishProficiency
            merged.languages += other.languages
            return merged
        }
    }

    struct ProgramAssociation {
        /// The element's name (`StudentSpecialEducationProgramAssociation`, …).
        let kind: String
        let student: String
        /// The organization the association is with (the district, or one of its schools).
        let organization: String
        let type: String?
        let name: String?
        let begin: Day?
        let end: Day?
        let services: [String]

        func isActive(inSchoolYear year: Int) -> Bool { EdFiSource.overlaps(begin: begin, end: end, schoolYear: year) }
    }

    var localEducationAgencies: [LocalEducationAgency] = []
    var schools: [School] = []
    var students: [String: Student] = [:]
    var schoolAssociations: [SchoolAssociation] = []
    var organizationAssociations: [OrganizationAssociation] = []
    var programAssociations: [ProgramAssociation] = []
    var ignoredFiles: [String] = []
    private var schoolDistricts: [String: String] = [:]

    func district(ofSchool school: String) -> String? { schoolDistricts[school] }

    /// The district of an education organization: itself when it is one, else the school's.
    func district(ofOrganization organization: String) -> String? {
        localEducationAgencies.contains { $0.id == organization } ? organization : schoolDistricts[organization]
    }

    /// A period that overlaps the school year ending in `year` (July 1 to June 30); open ends are open.
    static func overlaps(begin: Day?, end: Day?, schoolYear year: Int) -> Bool {
        let first = Day(year: year - 1, month: 7, day: 1)!
        let last = Day(year: year, month: 6, day: 30)!
        if let begin, begin > last { return false }
        if let end, end < first { return false }
        return true
    }

    // MARK: Reading

    static func read(folder: String) throws -> EdFiSource {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.lowercased().hasSuffix(".xml") }.sorted()
        } catch {
            throw ConversionError(file: folder, line: 0, message: "cannot read the folder: \(error.localizedDescription)")
        }
        guard !names.isEmpty else { throw ConversionError(file: folder, line: 0, message: "no .xml file: nothing to convert") }
        var source = EdFiSource()
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConversionError(file: name, line: 0, message: "cannot read the file")
            }
            try source.read(data, name: name)
        }
        source.resolveSchools()
        return source
    }

    private mutating func read(_ data: Data, name: String) throws {
        let document = XMLHash.config {
            $0.detectParsingErrors = true
            $0.shouldProcessNamespaces = true
        }
        .parse(data)
        if case .parsingError(let error) = document {
            // SWXMLHash passes on the position Foundation's error carries, which on Linux is none: ask the
            // same parser (`XMLParser`) where it stopped.
            let stop = Self.whereParsingStops(data)
            let line = error.line > 0 ? error.line : stop.line
            let column = error.column > 0 ? error.column : stop.column
            throw ConversionError(file: name, line: line, message: "not well-formed XML (column \(column)): nothing was converted")
        }
        guard let root = document.children.first, let rootName = root.element?.name else {
            throw ConversionError(file: name, line: 1, message: "no XML element: nothing was converted")
        }
        let lines = ElementLines(data)
        switch rootName {
        case "InterchangeEducationOrganization": readOrganizations(root, name, lines)
        case "InterchangeStudent": readStudents(root, name, lines)
        case "InterchangeStudentEnrollment": readEnrollments(root, name, lines)
        case "InterchangeStudentProgram": readPrograms(root, name, lines)
        default: ignoredFiles.append("\(name) (\(rootName))")
        }
    }

    /// The line and column where `XMLParser` stops on malformed XML.
    static func whereParsingStops(_ data: Data) -> (line: Int, column: Int) {
        /// Notes the parser's position when it reports its first error (after `parse()` returns it is at the end).
        final class FirstError: NSObject, XMLParserDelegate {
            var position: (line: Int, column: Int)?
            func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
                if position == nil { position = (parser.lineNumber, parser.columnNumber) }
            }
        }
        let parser = XMLParser(data: data)
        let delegate = FirstError()
        parser.delegate = delegate
        _ = parser.parse()
        return delegate.position ?? (parser.lineNumber, parser.columnNumber)
    }

    private mutating func readOrganizations(_ root: XMLIndexer, _ file: String, _ lines: ElementLines) {
        for element in root["LocalEducationAgency"].all {
            guard let id = element.text("LocalEducationAgencyId") else { continue }
            localEducationAgencies.append(
                LocalEducationAgency(id: id, name: element.text("NameOfInstitution"), referenceID: element.element?.attribute(by: "id")?.text)
            )
        }
        let starts = lines.starts(of: "School")
        for (index, element) in root["School"].all.enumerated() {
            guard let id = element.text("SchoolId") else { continue }
            let reference = element["LocalEducationAgencyReference"]
            schools.append(
                School(
                    id: id,
                    name: element.text("NameOfInstitution"),
                    grades: element.texts("GradeLevel"),
                    category: element.text("SchoolCategory"),
                    types: element.texts("SchoolType"),
                    district: nil,
                    leaReference: reference.element?.attribute(by: "ref")?.text,
                    leaIdentity: reference.text("LocalEducationAgencyIdentity", "LocalEducationAgencyId"),
                    source: SourceLine(file: file, line: starts.line(index))
                )
            )
        }
    }

    private mutating func resolveSchools() {
        let byReference = Dictionary(
            localEducationAgencies.compactMap { lea in lea.referenceID.map { ($0, lea.id) } },
            uniquingKeysWith: { first, _ in first }
        )
        let ids = Set(localEducationAgencies.map(\.id))
        for index in schools.indices {
            let school = schools[index]
            let district = school.leaIdentity.flatMap { ids.contains($0) ? $0 : nil } ?? school.leaReference.flatMap { byReference[$0] }
            schools[index].district = district
            if let district { schoolDistricts[school.id] = district }
        }
    }

    private mutating func readStudents(_ root: XMLIndexer, _ file: String, _ lines: ElementLines) {
        let starts = lines.starts(of: "Student")
        for (index, element) in root["Student"].all.enumerated() {
            guard let id = element.text("StudentUniqueId") else { continue }
            students[id] = Student(
                birthDate: element.text("BirthData", "BirthDate").flatMap { Day(iso: $0) },
                source: SourceLine(file: file, line: starts.line(index))
            )
        }
    }

    private mutating func readEnrollments(_ root: XMLIndexer, _ file: String, _ lines: ElementLines) {
        let schoolStarts = lines.starts(of: "StudentSchoolAssociation")
        for (index, element) in root["StudentSchoolAssociation"].all.enumerated() {
            guard let student = element.text("StudentReference", "StudentIdentity", "StudentUniqueId"),
                let school = element.text("SchoolReference", "SchoolIdentity", "SchoolId")
            else { continue }
            let entry = element.text("EntryDate").flatMap { Day(iso: $0) }
            // `SchoolYear` is `2022`, or in older files `2021-2022`: the ending year either way.
            let year =
                element.text("SchoolYear").flatMap { Int($0.split(separator: "-").last ?? "") }
                ?? entry.map { $0.month >= 7 ? $0.year + 1 : $0.year }
            schoolAssociations.append(
                SchoolAssociation(
                    student: student,
                    school: school,
                    entryDate: entry,
                    exitDate: element.text("ExitWithdrawDate").flatMap { Day(iso: $0) },
                    grade: element.text("EntryGradeLevel"),
                    schoolYear: year,
                    source: SourceLine(file: file, line: schoolStarts.line(index))
                )
            )
        }
        let organizationStarts = lines.starts(of: "StudentEducationOrganizationAssociation")
        for (index, element) in root["StudentEducationOrganizationAssociation"].all.enumerated() {
            guard let student = element.text("StudentReference", "StudentIdentity", "StudentUniqueId"),
                let organization = element.text("EducationOrganizationReference", "EducationOrganizationIdentity", "EducationOrganizationId")
            else { continue }
            // A characteristic is `<StudentCharacteristic><StudentCharacteristic>descriptor</…>` with an
            // optional `<Period>` (DS4 names the inner element like the outer one).
            let characteristics = element["StudentCharacteristic"].all.compactMap { item -> Characteristic? in
                guard let descriptor = item.text("StudentCharacteristic") else { return nil }
                return Characteristic(
                    code: EdFiDescriptors.codeValue(descriptor).lowercased(),
                    begin: item.text("Period", "BeginDate").flatMap { Day(iso: $0) },
                    end: item.text("Period", "EndDate").flatMap { Day(iso: $0) }
                )
            }
            organizationAssociations.append(
                OrganizationAssociation(
                    student: student,
                    organization: organization,
                    sex: element.text("Sex"),
                    hispanic: element.text("HispanicLatinoEthnicity"),
                    races: element.texts("Race"),
                    characteristics: characteristics,
                    englishProficiency: element.text("LimitedEnglishProficiency"),
                    languages: element["Language"].all.compactMap { $0.text("Language") },
                    source: SourceLine(file: file, line: organizationStarts.line(index))
                )
            )
        }
    }

    private mutating func readPrograms(_ root: XMLIndexer, _ file: String, _ lines: ElementLines) {
        for element in root.children {
            guard let kind = element.element?.name, kind.hasPrefix("Student"), kind.hasSuffix("ProgramAssociation"),
                let student = element.text("StudentReference", "StudentIdentity", "StudentUniqueId")
            else { continue }
            let program = element["ProgramReference"]["ProgramIdentity"]
            // The association's own organization, else the program's.
            let organization =
                element.text("EducationOrganizationReference", "EducationOrganizationIdentity", "EducationOrganizationId")
                ?? program.text("EducationOrganizationReference", "EducationOrganizationIdentity", "EducationOrganizationId")
            guard let organization else { continue }
            programAssociations.append(
                ProgramAssociation(
                    kind: kind,
                    student: student,
                    organization: organization,
                    type: program.text("ProgramType"),
                    name: program.text("ProgramName"),
                    begin: element.text("BeginDate").flatMap { Day(iso: $0) },
                    end: element.text("EndDate").flatMap { Day(iso: $0) },
                    services: element["SchoolFoodServiceProgramService"].all.compactMap { $0.text("SchoolFoodServiceProgramService") }
                )
            )
        }
    }
}

extension XMLIndexer {
    /// The trimmed text of the first element at `path` under this one; `nil` when absent or empty.
    func text(_ path: String...) -> String? {
        var indexer = self
        for key in path { indexer = indexer[key] }
        guard let text = indexer.all.first?.element?.text.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// The trimmed texts of every element named `name` directly under this one.
    func texts(_ name: String) -> [String] {
        self[name].all.compactMap { $0.element?.text.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}

/// The lines elements start on, found in the file's bytes: the XML parser gives no positions, and a
/// report's example is only useful with a line. The n-th `<Name` start tag in the file is the n-th element
/// of that name the parser returns, for the top-level elements of an interchange (which do not nest).
struct ElementLines {
    let data: Data

    init(_ data: Data) { self.data = data }

    struct Starts {
        let lines: [Int]
        func line(_ index: Int) -> Int { index < lines.count ? lines[index] : 0 }
    }

    func starts(of name: String) -> Starts {
        let tag = Array("<\(name)".utf8)
        var lines: [Int] = []
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var line = 1
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte == 0x0A {
                    line += 1
                } else if byte == 0x3C, index + tag.count < count {
                    var matches = true
                    for offset in 1..<tag.count where bytes[index + offset] != tag[offset] {
                        matches = false
                        break
                    }
                    if matches {
                        let next = bytes[index + tag.count]
                        if next == 0x3E || next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D || next == 0x2F { lines.append(line) }
                    }
                }
                index += 1
            }
        }
        return Starts(lines: lines)
    }
}
