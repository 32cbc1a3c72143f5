import Foundation
import TandemDemo
import Testing

/// The demo's later school years (2014–15 to 2023–24): simulated on from the calibrated years without
/// changing a byte of them, with CAASPP and ELPAC results that agree with the state's cut scores.
@Suite struct DemoLaterYearsTests {
    /// What the tests below read from one scaled-down partnership, generated with the later years and
    /// without them (the files of the calibrated demo as they were before the later years existed).
    struct Generated: Sendable {
        /// District/file names whose calibrated-only file is not, byte for byte, the beginning of the full one.
        var changedFiles: [String] = []
        /// District/file names that gained no rows with the later years.
        var filesWithoutLaterRows: [String] = []
        var assessments: [String: [[String]]] = [:]
        var enrollments: [String: [[String]]] = [:]
        var outcomeYears: [String: Set<Int>] = [:]
    }

    static let generated: Task<Generated, Error> = Task {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-later-years-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let full = base + "/full"
        let calibratedOnly = base + "/calibrated"
        _ = try await DemoGenerator(seed: 11, studentsPerDistrict: 8_000).generate(into: full)
        _ = try await DemoGenerator(seed: 11, studentsPerDistrict: 8_000, includesLaterYears: false).generate(into: calibratedOnly)
        var generated = Generated()
        for district in DemoGenerator.districts {
            for file in ["schools.csv", "students.csv", "enrollments.csv", "assessments.csv", "courses.csv", "outcomes.csv"] {
                let before = try Data(contentsOf: URL(fileURLWithPath: "\(calibratedOnly)/\(district)/\(file)"))
                let after = try Data(contentsOf: URL(fileURLWithPath: "\(full)/\(district)/\(file)"))
                if after.prefix(before.count) != before { generated.changedFiles.append("\(district)/\(file)") }
                if after.count <= before.count && file != "schools.csv" { generated.filesWithoutLaterRows.append("\(district)/\(file)") }
            }
            generated.assessments[district] = try rows("\(full)/\(district)/assessments.csv", Assessment.columns)
            generated.enrollments[district] = try rows("\(full)/\(district)/enrollments.csv", Enrollment.columns)
            generated.outcomeYears[district] = Set(try rows("\(full)/\(district)/outcomes.csv", ["cohort_year"]).map { Int($0[0])! })
        }
        return generated
    }

    enum Assessment {
        static let columns = ["student_id", "school_year", "test", "subject", "grade_tested", "administration", "scale_score", "performance_level"]
        static let student = 0, year = 1, test = 2, subject = 3, grade = 4, administration = 5, scale = 6, level = 7
    }

    enum Enrollment {
        static let columns = ["student_id", "school_year", "grade", "el_status", "rfep_date"]
        static let student = 0, year = 1, grade = 2, status = 3, rfepDate = 4
    }

    /// Every file of the calibrated demo is the beginning of the same file with the later years, byte for
    /// byte: the later years come after, from random streams of their own.
    @Test func calibratedYearsAreUnchangedByTheLaterYears() async throws {
        let generated = try await Self.generated.value
        #expect(generated.changedFiles.isEmpty, "calibrated rows changed in \(generated.changedFiles)")
        #expect(generated.filesWithoutLaterRows.isEmpty, "no later rows in \(generated.filesWithoutLaterRows)")
    }

    @Test func stateTestsFollowTheEra() async throws {
        let generated = try await Self.generated.value
        for district in DemoGenerator.districts {
            let rows = try #require(generated.assessments[district])
            func years(_ test: String) -> Set<Int> { Set(rows.filter { $0[Assessment.test] == test }.map { Int($0[Assessment.year])! }) }
            // No state tests in spring 2020; CELDT until 2016–17, the summative ELPAC from spring 2018.
            #expect(years("CAASPP") == Set([2015, 2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024]), "\(district)")
            #expect(years("ELPAC") == Set([2018, 2019, 2021, 2022, 2023, 2024]), "\(district)")
            #expect(years("CELDT").filter { $0 > 2011 } == Set([2015, 2016, 2017]), "\(district)")
            #expect(years("CST").max() == 2011 && years("CAHSEE").max() == 2011, "\(district)")
            // Spring 2021: few took the CAASPP.
            func caaspp(_ year: String) -> Int { rows.filter { $0[Assessment.test] == "CAASPP" && $0[Assessment.year] == year }.count }
            #expect(caaspp("2021") * 3 < caaspp("2019"), "\(district): \(caaspp("2021")) CAASPP results in 2021, \(caaspp("2019")) in 2019")
        }
    }

    /// Smarter Balanced levels as the CDE thresholds give them (minimum scale score of levels 2, 3, 4).
    static let caasppThresholds: [String: [String: [Int]]] = [
        "ELA": [
            "3": [2367, 2432, 2490], "4": [2416, 2473, 2533], "5": [2442, 2502, 2582], "6": [2457, 2531, 2618],
            "7": [2479, 2552, 2649], "8": [2487, 2567, 2668], "11": [2493, 2583, 2682],
        ],
        "MATH": [
            "3": [2381, 2436, 2501], "4": [2411, 2485, 2549], "5": [2455, 2528, 2579], "6": [2473, 2552, 2610],
            "7": [2484, 2567, 2635], "8": [2504, 2586, 2653], "11": [2543, 2628, 2718],
        ],
    ]

    @Test func caasppLevelsAgreeWithTheCutScores() async throws {
        let generated = try await Self.generated.value
        for district in DemoGenerator.districts {
            let results = try #require(generated.assessments[district]).filter { $0[Assessment.test] == "CAASPP" }
            #expect(results.count > 5_000)
            var met = 0
            for row in results {
                let cuts = try #require(Self.caasppThresholds[row[Assessment.subject]]?[row[Assessment.grade]], "\(row)")
                let scale = try #require(Int(row[Assessment.scale]))
                let level = try #require(Int(row[Assessment.level]))
                #expect(level == 1 + cuts.filter { scale >= $0 }.count, "\(row)")
                #expect((2114...2900).contains(scale) && row[Assessment.administration] == "SPRING", "\(row)")
                if level >= 3 { met += 1 }
            }
            // Plausible: between a fifth and two thirds meet the standard.
            #expect((0.2...0.67).contains(Double(met) / Double(results.count)), "\(district): \(met) of \(results.count)")
        }
    }

    @Test func elpacIsTakenByEnglishLearnersWithLevelsFromItsCutScores() async throws {
        let generated = try await Self.generated.value
        for district in DemoGenerator.districts {
            var status: [String: String] = [:]
            for row in try #require(generated.enrollments[district]) {
                status[row[Enrollment.student] + "/" + row[Enrollment.year]] = row[Enrollment.status]
            }
            let results = try #require(generated.assessments[district]).filter { $0[Assessment.test] == "ELPAC" }
            #expect(results.count > 500)
            var levels: [Int: Int] = [:]
            for row in results {
                #expect(status[row[Assessment.student] + "/" + row[Assessment.year]] == "EL", "\(row)")
                let scale = try #require(Int(row[Assessment.scale]))
                let level = try #require(Int(row[Assessment.level]))
                // Grade 5's overall cuts: level 2 from 1467, level 3 from 1514, level 4 from 1560.
                if row[Assessment.grade] == "5" { #expect(level == 1 + [1467, 1514, 1560].filter { scale >= $0 }.count, "\(row)") }
                #expect((1150...1950).contains(scale) && (1...4).contains(level) && row[Assessment.subject] == "OVERALL", "\(row)")
                levels[level, default: 0] += 1
            }
            #expect(levels.count == 4, "\(district): \(levels)")
        }
    }

    /// The same students go on: most of those enrolled in both 2010–11 and 2014–15 are four grades up;
    /// English learners are reclassified in the later years too; the later cohorts have outcomes.
    @Test func studentsFlowFromTheCalibratedYearsIntoTheLaterOnes() async throws {
        let generated = try await Self.generated.value
        for district in DemoGenerator.districts {
            let enrollments = try #require(generated.enrollments[district])
            func grades(_ year: String) -> [String: Int] {
                var grades: [String: Int] = [:]
                for row in enrollments where row[Enrollment.year] == year {
                    grades[row[Enrollment.student]] =
                        row[Enrollment.grade] == "KN" ? 0 : row[Enrollment.grade] == "TK" ? -1 : Int(row[Enrollment.grade])!
                }
                return grades
            }
            let before = grades("2011")
            let after = grades("2015")
            let both = before.keys.filter { after[$0] != nil }
            #expect(both.count > after.count / 3, "\(district): \(both.count) of \(after.count) students of 2014–15 were there in 2010–11")
            #expect(Double(both.filter { after[$0]! == before[$0]! + 4 }.count) >= 0.9 * Double(both.count), "\(district)")
            #expect(
                enrollments.contains { $0[Enrollment.status] == "RFEP" && $0[Enrollment.rfepDate] >= "2016" },
                "\(district): no later reclassification"
            )
            #expect(generated.outcomeYears[district] == Set(Array(2006...2011) + Array(2015...2024)), "\(district)")
        }
    }

    /// The named columns of a file's rows (the files read here have no quoted fields).
    static func rows(_ path: String, _ columns: [String]) throws -> [[String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let positions = columns.map { header.firstIndex(of: $0)! }
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return positions.map { String(fields[$0]) }
        }
    }
}
