public import TandemDomain

extension DistrictRecords {
    /// Collects one district's records, row by row, into columns. Schools and students are added first;
    /// records name them by the numbers `school(_:)` and `student(_:)` return. Text arrives as bytes (a
    /// database cell) or as a `String`.
    public struct Builder: Sendable {
        public let districtCode: String
        var schools = ByteKeyTable()
        private var studentIDs = ByteKeyTable(capacity: 1 << 16)
        var studentIDKeys: [String] { studentIDs.keys }
        var studentGroups: [UInt32] = []
        var enrollments = EnrollmentColumns()
        var assessments = AssessmentColumns()
        var courses = CourseColumns()
        var outcomes = OutcomeColumns()
        private var tests = ByteKeyTable(), subjects = ByteKeyTable(), administrations = ByteKeyTable()
        private var courseCodes = ByteKeyTable(capacity: 1 << 12)

        public init(districtCode: String) { self.districtCode = districtCode }

        public func build() -> DistrictRecords {
            var builder = self
            // Codes are compared case-insensitively: `celdt` and `CELDT` become one code.
            (builder.assessments.tests, builder.assessments.test) = Self.caseFolded(tests.keys, builder.assessments.test)
            (builder.assessments.subjects, builder.assessments.subject) = Self.caseFolded(subjects.keys, builder.assessments.subject)
            (builder.assessments.administrations, builder.assessments.administration) =
                Self.caseFolded(administrations.keys, builder.assessments.administration)
            (builder.courses.courseCodes, builder.courses.course) = Self.caseFolded(courseCodes.keys, builder.courses.course)
            return DistrictRecords(builder: builder)
        }

        /// Upper-cased codes, spellings that differ only in case merged, and the column renumbered to match.
        private static func caseFolded<Code: FixedWidthInteger>(_ spellings: [String], _ column: [Code]) -> ([String], [Code]) {
            var codes: [String] = []
            var numbers: [String: Int] = [:]
            let renumber = spellings.map { spelling in
                let code = spelling.uppercased()
                if let number = numbers[code] { return number }
                numbers[code] = codes.count
                codes.append(code)
                return codes.count - 1
            }
            guard codes.count < spellings.count else { return (codes, column) }
            return (codes, column.map { Code(renumber[Int($0)]) })
        }

        /// The number of a school, numbering it if it is new.
        @discardableResult
        public mutating func school(_ code: String) -> Int32 { Int32(schools.number(code)) }

        @discardableResult
        public mutating func school(_ code: UnsafeRawBufferPointer) -> Int32 { Int32(schools.number(code)) }

        public mutating func addStudent(id: UnsafeRawBufferPointer, race: RaceEthnicity, gender: Gender?) {
            let number = studentIDs.number(id)
            let groups = GroupMembership.studentGroups(race: race, gender: gender).mask
            if number == studentGroups.count { studentGroups.append(groups) } else { studentGroups[number] = groups }
        }

        public mutating func addStudent(id: String, race: RaceEthnicity, gender: Gender?) {
            var id = id
            id.withUTF8 { addStudent(id: UnsafeRawBufferPointer($0), race: race, gender: gender) }
        }

        /// The number of a student already added, if any.
        public func knownStudent(_ id: UnsafeRawBufferPointer) -> Int32? { studentIDs.find(id).map(Int32.init) }

        /// The number of a school already added, if any.
        public func knownSchool(_ code: UnsafeRawBufferPointer) -> Int32? { schools.find(code).map(Int32.init) }

        /// Takes over the rows of one kind that `other` — a copy of this builder made after its schools and
        /// students were added — collected (so that tables can be read in parallel).
        public mutating func adopt(_ kind: RecordKind, from other: Builder) {
            switch kind {
            case .enrollments: enrollments = other.enrollments
            case .assessments:
                assessments = other.assessments
                (tests, subjects, administrations) = (other.tests, other.subjects, other.administrations)
            case .courses:
                courses = other.courses
                courseCodes = other.courseCodes
            case .outcomes: outcomes = other.outcomes
            }
        }

        /// The number of a student. A record for a student the district never listed (the importer does not
        /// let one in) gets a number and only the `ALL` group.
        public mutating func student(_ id: UnsafeRawBufferPointer) -> Int32 {
            if let number = studentIDs.find(id) { return Int32(number) }
            let number = studentIDs.number(id)
            studentGroups.append(GroupSet([.all]).mask)
            return Int32(number)
        }

        public mutating func student(_ id: String) -> Int32 {
            var id = id
            return id.withUTF8 { student(UnsafeRawBufferPointer($0)) }
        }

        public mutating func addEnrollment(
            student: Int32,
            year: Int,
            school: Int32,
            grade: Int,
            sed: Bool?,
            swd: Bool?,
            elStatus: ELStatus,
            elStartDate: Day?,
            homeless: Bool,
            foster: Bool,
            rfepDate: Day? = nil
        ) {
            enrollments.student.append(student)
            enrollments.year.append(Int16(year))
            enrollments.school.append(school)
            enrollments.grade.append(Int8(grade))
            enrollments.elStatus.append(UInt8(elStatus.caseIndex))
            enrollments.sed.append(sed.map { $0 ? 1 : 0 } ?? -1)
            enrollments.swd.append(swd.map { $0 ? 1 : 0 } ?? -1)
            enrollments.elStartDay.append(elStartDate.map(\.packed) ?? -1)
            enrollments.rfepDay.append(rfepDate.map(\.packed) ?? -1)
            let groups = GroupMembership.enrollmentGroups(
                sed: sed,
                swd: swd,
                homeless: homeless,
                foster: foster,
                elStatus: elStatus,
                elStartDate: elStartDate,
                schoolYear: year
            )
            enrollments.groups.append(groups.mask | studentGroups[Int(student)])
        }

        public mutating func addAssessment(
            student: Int32,
            year: Int,
            test: UnsafeRawBufferPointer,
            subject: UnsafeRawBufferPointer,
            administration: UnsafeRawBufferPointer,
            grade: Int?,
            scaleScore: Double?,
            level: Int?,
            firstAttempt: Bool?
        ) {
            assessments.student.append(student)
            assessments.year.append(Int16(year))
            assessments.test.append(UInt16(tests.number(test)))
            assessments.subject.append(UInt16(subjects.number(subject)))
            assessments.administration.append(UInt16(administrations.number(administration)))
            assessments.grade.append(grade.map { Int8($0) } ?? .min)
            assessments.scaleScore.append(scaleScore ?? .nan)
            assessments.level.append(level.map { Int8(clamping: $0) } ?? .min)
            assessments.firstAttempt.append(firstAttempt.map { $0 ? 1 : 0 } ?? -1)
        }

        public mutating func addAssessment(
            student: Int32,
            year: Int,
            test: String,
            subject: String,
            administration: String = "ANNUAL",
            grade: Int?,
            scaleScore: Double? = nil,
            level: Int?,
            firstAttempt: Bool? = nil
        ) {
            var (test, subject, administration) = (test, subject, administration)
            test.withUTF8 { test in
                subject.withUTF8 { subject in
                    administration.withUTF8 { administration in
                        addAssessment(
                            student: student,
                            year: year,
                            test: UnsafeRawBufferPointer(test),
                            subject: UnsafeRawBufferPointer(subject),
                            administration: UnsafeRawBufferPointer(administration),
                            grade: grade,
                            scaleScore: scaleScore,
                            level: level,
                            firstAttempt: firstAttempt
                        )
                    }
                }
            }
        }

        public mutating func addCourse(
            student: Int32,
            year: Int,
            school: Int32,
            term: Term,
            course: UnsafeRawBufferPointer,
            agArea: AGArea?,
            isAP: Bool,
            isHonors: Bool,
            gradeLevel: Int,
            mark: Mark?
        ) {
            courses.student.append(student)
            courses.year.append(Int16(year))
            courses.school.append(school)
            courses.term.append(UInt8(term.caseIndex))
            courses.course.append(UInt32(courseCodes.number(course)))
            courses.agArea.append(agArea.map { Int8($0.caseIndex) } ?? -1)
            courses.isAP.append(isAP)
            courses.isHonors.append(isHonors)
            courses.gradeLevel.append(Int8(gradeLevel))
            courses.mark.append(mark.map { Int8($0.caseIndex) } ?? -1)
        }

        public mutating func addCourse(
            student: Int32,
            year: Int,
            school: Int32,
            term: Term,
            course: String,
            agArea: AGArea?,
            isAP: Bool = false,
            isHonors: Bool = false,
            gradeLevel: Int,
            mark: Mark?
        ) {
            var course = course
            course.withUTF8 {
                addCourse(
                    student: student,
                    year: year,
                    school: school,
                    term: term,
                    course: UnsafeRawBufferPointer($0),
                    agArea: agArea,
                    isAP: isAP,
                    isHonors: isHonors,
                    gradeLevel: gradeLevel,
                    mark: mark
                )
            }
        }

        public mutating func addOutcome(student: Int32, cohortYear: Int, outcome: CohortOutcomeCode, agComplete: Bool?) {
            outcomes.student.append(student)
            outcomes.cohortYear.append(Int16(cohortYear))
            outcomes.outcome.append(UInt8(outcome.caseIndex))
            outcomes.agComplete.append(agComplete.map { $0 ? 1 : 0 } ?? -1)
        }
    }
}
