import Foundation
import SWXMLHash
import TandemContract
import TandemDomain

/// `tandem convert edfi`: Ed-Fi Data Standard 4 interchange XML files to contract folders, one per
/// `LocalEducationAgency` (its `LocalEducationAgencyId` is the district code, its `NameOfInstitution` the
/// district name).
///
/// It reads the interchanges that carry what the contract needs and ignores the others (descriptor
/// interchanges, for instance), saying so in the report:
/// - `InterchangeEducationOrganization`: `LocalEducationAgency` and `School` → `schools.csv`;
/// - `InterchangeStudent`: `Student` → the birth year;
/// - `InterchangeStudentEnrollment`: `StudentSchoolAssociation` → `enrollments.csv` (school, entry grade, year)
///   and `StudentEducationOrganizationAssociation` → sex, race and Hispanic ethnicity, English proficiency,
///   languages, student characteristics;
/// - `InterchangeStudentProgram`: program associations → special education, free/reduced-price lunch, homeless.
///
/// Descriptors map by `EdFiDescriptors`; what the source leaves unsaid follows one rule (see `evidence`).
/// The files are parsed by SWXMLHash (Foundation's `XMLParser` underneath), whole, one at a time.
public struct EdFiAdapter: Sendable {
    /// The census day's month and day: a student with several school associations in one year is enrolled,
    /// for the contract's one-row-per-year `enrollments.csv`, where the association covering this day is
    /// (or, when none does, the latest entered).
    public var censusMonth = 10
    public var censusDay = 1

    public init() {}

    /// Reads every `*.xml` file in `folder`; throws `ConversionError` (with the file and line) for a file
    /// that is not well-formed XML or cannot be read.
    public func convert(folder: String) throws -> (rows: ContractRows, report: ConversionReport) {
        var source = try EdFiSource.read(folder: folder)
        var report = ConversionReport()
        var rows = ContractRows()
        for name in source.ignoredFiles { report.note("\(name): not an interchange the contract takes anything from; ignored") }
        convertSchools(&source, &rows, &report)
        convertStudents(source, &rows, &report)
        rows.finish(&report)
        return (rows, report)
    }

    // MARK: Schools

    private func convertSchools(_ source: inout EdFiSource, _ rows: inout ContractRows, _ report: inout ConversionReport) {
        for lea in source.localEducationAgencies { rows.declare(district: lea.id, name: lea.name) }
        for school in source.schools {
            guard let district = school.district else {
                report.dropped(
                    file: DataContract.schools.fileName,
                    reason: "a School whose LocalEducationAgency is in no EducationOrganization file",
                    example: school.source
                )
                continue
            }
            var grades: [Grade] = []
            for descriptor in school.grades {
                if let code = EdFiDescriptors.lookup(EdFiDescriptors.grades, descriptor), let grade = Grade(code: code) {
                    grades.append(grade)
                } else {
                    report.unmapped(
                        file: DataContract.schools.fileName,
                        column: "low_grade, high_grade",
                        value: EdFiDescriptors.codeValue(descriptor),
                        outcome: "left out of the grade range",
                        example: school.source
                    )
                }
            }
            var type = school.category.flatMap { category -> String? in
                if let code = EdFiDescriptors.lookup(EdFiDescriptors.schoolCategories, category) { return code }
                report.unmapped(
                    file: DataContract.schools.fileName,
                    column: "school_type",
                    value: EdFiDescriptors.codeValue(category),
                    outcome: "left empty",
                    example: school.source
                )
                return nil
            }
            if school.types.contains(where: { EdFiDescriptors.codeValue($0).lowercased() == EdFiDescriptors.alternativeSchoolType }) {
                type = SchoolType.alternative.rawValue
            }
            rows.append(
                DataContract.schools,
                district: district,
                [
                    "school_code": school.id,
                    "school_name": school.name ?? "",
                    "school_type": type ?? "",
                    "low_grade": grades.min()?.code ?? "",
                    "high_grade": grades.max()?.code ?? "",
                ],
                source: school.source
            )
        }
    }

    // MARK: Students and enrollments

    private func convertStudents(_ source: EdFiSource, _ rows: inout ContractRows, _ report: inout ConversionReport) {
        let studentsFile = DataContract.students.fileName
        let enrollmentsFile = DataContract.enrollments.fileName
        // Students per district: every student with a school association at one of its schools or an
        // education organization association with it, in the order first seen.
        var order: [String: [String]] = [:]
        var seen = Set<String>()
        /// The key of a student in a district, which puts the student in the district's folder.
        func member(_ district: String, _ student: String) -> String {
            let key = "\(district)\u{1F}\(student)"
            if seen.insert(key).inserted { order[district, default: []].append(student) }
            return key
        }
        var associationsByStudent: [String: [EdFiSource.SchoolAssociation]] = [:]
        for association in source.schoolAssociations {
            guard let district = source.district(ofSchool: association.school) else {
                report.dropped(
                    file: enrollmentsFile,
                    reason: "a StudentSchoolAssociation whose school is in no EducationOrganization file",
                    example: association.source
                )
                continue
            }
            associationsByStudent[member(district, association.student), default: []].append(association)
        }
        var organizationByStudent: [String: EdFiSource.OrganizationAssociation] = [:]
        for association in source.organizationAssociations {
            guard let district = source.district(ofOrganization: association.organization) else {
                report.dropped(
                    file: studentsFile,
                    reason: "a StudentEducationOrganizationAssociation with an organization in no EducationOrganization file",
                    example: association.source
                )
                continue
            }
            let key = member(district, association.student)
            organizationByStudent[key] = organizationByStudent[key].map { $0.merged(with: association) } ?? association
        }
        var programsByStudent: [String: [EdFiSource.ProgramAssociation]] = [:]
        for program in source.programAssociations {
            guard let district = source.district(ofOrganization: program.organization) else { continue }
            programsByStudent["\(district)\u{1F}\(program.student)", default: []].append(program)
        }

        var withoutOrganization = 0
        var withoutRecords = 0
        var multipleInAYear = 0
        var ignoredCharacteristics: [String: Int] = [:]
        var ignoredPrograms: [String: Int] = [:]
        for district in rows.districtCodes {
            for student in order[district] ?? [] {
                let key = "\(district)\u{1F}\(student)"
                let organization = organizationByStudent[key]
                let programs = programsByStudent[key] ?? []
                let record = source.students[student]
                let studentSource = organization?.source ?? record?.source ?? associationsByStudent[key]?.first?.source
                if organization == nil { withoutOrganization += 1 }
                let evidence = (organization?.hasRecords ?? false) || !programs.isEmpty
                if !evidence { withoutRecords += 1 }
                for characteristic in organization?.characteristics ?? [] where !EdFiAdapter.usedCharacteristics.contains(characteristic.code) {
                    ignoredCharacteristics[characteristic.code, default: 0] += 1
                }
                for program in programs where !isSpecialEducation(program) && !isFoodService(program) && !isHomeless(program) {
                    ignoredPrograms[EdFiDescriptors.codeValue(program.type ?? program.name ?? program.kind), default: 0] += 1
                }

                rows.append(
                    DataContract.students,
                    district: district,
                    [
                        "student_id": student,
                        "gender": gender(organization, &report),
                        "race_ethnicity": raceEthnicity(organization, &report),
                        "birth_year": record?.birthDate.map { String($0.year) } ?? "",
                    ],
                    source: studentSource ?? SourceLine(file: "(no file)", line: 0)
                )

                let byYear = Dictionary(grouping: associationsByStudent[key] ?? []) { $0.schoolYear }
                for (year, associations) in byYear.sorted(by: { ($0.key ?? 0) < ($1.key ?? 0) }) {
                    guard let year else {
                        for association in associations {
                            report.dropped(
                                file: enrollmentsFile,
                                reason: "no EntryDate or SchoolYear to give the school year",
                                example: association.source
                            )
                        }
                        continue
                    }
                    if associations.count > 1 { multipleInAYear += 1 }
                    let association = chooseAssociation(associations, year: year)
                    var values: [String: String] = [
                        "student_id": student,
                        "school_year": String(year),
                        "school_code": association.school,
                    ]
                    var unmapped: Set<String> = []
                    if let descriptor = association.grade {
                        if let grade = EdFiDescriptors.lookup(EdFiDescriptors.grades, descriptor) {
                            values["grade"] = grade
                        } else {
                            unmapped.insert("grade")
                            report.unmapped(
                                file: enrollmentsFile,
                                column: "grade",
                                value: EdFiDescriptors.codeValue(descriptor),
                                outcome: "row dropped",
                                example: association.source
                            )
                        }
                    }
                    let active = programs.filter { $0.isActive(inSchoolYear: year) }
                    let characteristics = Set((organization?.characteristics ?? []).filter { $0.isActive(inSchoolYear: year) }.map(\.code))
                    let disadvantaged = characteristics.contains(EdFiDescriptors.economicDisadvantage) || active.contains(where: isFreeOrReducedLunch)
                    let disabled = active.contains(where: isSpecialEducation)
                    values["sed"] = disadvantaged ? "Y" : evidence ? "N" : "U"
                    values["swd"] = disabled ? "Y" : evidence ? "N" : "U"
                    values["el_status"] = elStatus(organization, evidence: evidence, &report)
                    values["homeless"] = characteristics.contains(EdFiDescriptors.homeless) || active.contains(where: isHomeless) ? "Y" : "N"
                    values["foster"] = characteristics.contains(EdFiDescriptors.fosterCare) ? "Y" : "N"
                    rows.append(DataContract.enrollments, district: district, values, source: association.source, unmapped: unmapped)
                }
            }
        }
        if withoutOrganization > 0 {
            report.note(
                "\(withoutOrganization.grouped) \(withoutOrganization == 1 ? "student has" : "students have") no StudentEducationOrganizationAssociation: race NR, no gender"
            )
        }
        if withoutRecords > 0 {
            report.note(
                "\(withoutRecords.grouped) \(withoutRecords == 1 ? "student has" : "students have") no characteristic, English proficiency, language or program recorded: sed U, swd U, el_status TBD (nothing is known; see docs/adapters.md)"
            )
        }
        if multipleInAYear > 0 {
            report.note(
                "\(multipleInAYear.grouped) \(multipleInAYear == 1 ? "student-year has" : "student-years have") several school associations: the one covering \(censusMonth)/\(censusDay) (else the latest entered) is the enrollment"
            )
        }
        for (code, count) in ignoredCharacteristics.sorted(by: { $0.key < $1.key }) {
            report.note("StudentCharacteristic \"\(code)\" × \(count.grouped): no contract column; not converted")
        }
        for (program, count) in ignoredPrograms.sorted(by: { $0.key < $1.key }) {
            report.note("program \"\(program)\" × \(count.grouped): no contract column; not converted")
        }
    }

    static let usedCharacteristics: Set<String> = [EdFiDescriptors.economicDisadvantage, EdFiDescriptors.homeless, EdFiDescriptors.fosterCare]

    /// The association covering the census day of `year`, else the one entered last.
    func chooseAssociation(_ associations: [EdFiSource.SchoolAssociation], year: Int) -> EdFiSource.SchoolAssociation {
        let census = Day(year: censusMonth >= 7 ? year - 1 : year, month: censusMonth, day: censusDay)
        if let census, let covering = associations.last(where: { $0.covers(census) }) { return covering }
        return associations.max { ($0.entryDate ?? Day(year: 1, month: 1, day: 1)!) < ($1.entryDate ?? Day(year: 1, month: 1, day: 1)!) }!
    }

    func isSpecialEducation(_ program: EdFiSource.ProgramAssociation) -> Bool {
        program.kind == "StudentSpecialEducationProgramAssociation"
            || program.type.map { EdFiDescriptors.codeValue($0).lowercased() == EdFiDescriptors.specialEducation } ?? false
    }

    func isFoodService(_ program: EdFiSource.ProgramAssociation) -> Bool {
        program.kind == "StudentSchoolFoodServiceProgramAssociation"
    }

    func isFreeOrReducedLunch(_ program: EdFiSource.ProgramAssociation) -> Bool {
        isFoodService(program)
            && program.services.contains { EdFiDescriptors.freeOrReducedLunch.contains(EdFiDescriptors.codeValue($0).lowercased()) }
    }

    func isHomeless(_ program: EdFiSource.ProgramAssociation) -> Bool {
        program.kind == "StudentHomelessProgramAssociation"
            || program.type.map { EdFiDescriptors.codeValue($0).lowercased() == EdFiDescriptors.homelessProgram } ?? false
    }

    // MARK: Descriptors

    func gender(_ organization: EdFiSource.OrganizationAssociation?, _ report: inout ConversionReport) -> String {
        guard let sex = organization?.sex else { return "" }
        if let code = EdFiDescriptors.lookup(EdFiDescriptors.sexes, sex) { return code }
        report.unmapped(
            file: DataContract.students.fileName,
            column: "gender",
            value: EdFiDescriptors.codeValue(sex),
            outcome: "left empty",
            example: organization!.source
        )
        return ""
    }

    /// Hispanic or Latino first (`HI`), whatever the races; then two or more races recorded is `MR`, one
    /// race its code, none `NR`.
    func raceEthnicity(_ organization: EdFiSource.OrganizationAssociation?, _ report: inout ConversionReport) -> String {
        guard let organization else { return RaceEthnicity.notReported.rawValue }
        let file = DataContract.students.fileName
        if let hispanic = organization.hispanic {
            switch hispanic.lowercased() {
            case "1", "true": return RaceEthnicity.hispanic.rawValue
            case "0", "false": break
            default:
                report.unmapped(
                    file: file,
                    column: "race_ethnicity",
                    value: "HispanicLatinoEthnicity \(hispanic)",
                    outcome: "taken as not Hispanic",
                    example: organization.source
                )
            }
        }
        let races = Set(organization.races.map { EdFiDescriptors.codeValue($0).lowercased() }).subtracting(["choose not to respond"])
        if races.count >= 2 { return RaceEthnicity.twoOrMore.rawValue }
        guard let race = races.first else { return RaceEthnicity.notReported.rawValue }
        if let code = EdFiDescriptors.races[race] { return code }
        let original = organization.races.first { EdFiDescriptors.codeValue($0).lowercased() == race }.map(EdFiDescriptors.codeValue) ?? race
        report.unmapped(file: file, column: "race_ethnicity", value: original, outcome: "written as NR", example: organization.source)
        return RaceEthnicity.notReported.rawValue
    }

    /// `LimitedEnglishProficiency` when recorded ("NotLimited": `IFEP` with a language other than English
    /// recorded, else `EO`); without it, a student with other records is taken as not limited (`IFEP` or `EO`
    /// by the same rule), and one with none is `TBD`.
    func elStatus(_ organization: EdFiSource.OrganizationAssociation?, evidence: Bool, _ report: inout ConversionReport) -> String {
        let otherLanguage =
            organization?.languages.contains { !["eng", "en", "english"].contains(EdFiDescriptors.codeValue($0).lowercased()) } ?? false
        let notLimited = otherLanguage ? ELStatus.initiallyFluent.rawValue : ELStatus.englishOnly.rawValue
        guard let organization, let proficiency = organization.englishProficiency else {
            return evidence ? notLimited : ELStatus.toBeDetermined.rawValue
        }
        if let code = EdFiDescriptors.lookup(EdFiDescriptors.englishProficiency, proficiency) { return code }
        if EdFiDescriptors.codeValue(proficiency).lowercased().replacingOccurrences(of: " ", with: "") == EdFiDescriptors.notLimited {
            return notLimited
        }
        report.unmapped(
            file: DataContract.enrollments.fileName,
            column: "el_status",
            value: EdFiDescriptors.codeValue(proficiency),
            outcome: "written as TBD",
            example: organization.source
        )
        return ELStatus.toBeDetermined.rawValue
    }
}
