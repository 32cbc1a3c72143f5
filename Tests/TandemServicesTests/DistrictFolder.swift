import Foundation

/// A small, valid district folder written to a temporary directory, which each test then spoils in one
/// particular way.
struct DistrictFolder {
    let path: String
    var files: [String: String]

    static let valid: [String: String] = [
        "schools.csv": """
        district_code,school_code,school_name,school_type,low_grade,high_grade
        TEST,100,Adams Elementary,ES,TK,5
        TEST,200,Baker Middle,MS,6,8
        TEST,300,Carver High,HS,9,12
        """,
        "students.csv": """
        district_code,student_id,gender,race_ethnicity,birth_year,us_school_entry_date
        TEST,S1,F,HI,2000,2005-08-20
        TEST,S2,M,WH,1999,2004-08-21
        TEST,S3,F,AS,1994,
        TEST,S4,M,AA,1995,2000-08-22
        """,
        "enrollments.csv": """
        district_code,student_id,school_year,school_code,grade,sed,swd,el_status,el_start_date,rfep_date,homeless,foster
        TEST,S1,2010,100,4,Y,N,EL,2005-09-01,,N,N
        TEST,S1,2011,100,5,Y,N,RFEP,2005-09-01,2011-04-15,N,N
        TEST,S2,2010,200,6,N,N,EO,,,N,N
        TEST,S2,2011,200,7,N,Y,EO,,,N,N
        TEST,S3,2011,300,11,true,false,IFEP,,,0,1
        TEST,S4,2011,300,12,1,0,EO,,,N,N
        """,
        "assessments.csv": """
        district_code,student_id,school_year,test,subject,grade_tested,administration,test_date,scale_score,performance_level,first_attempt
        TEST,S1,2010,CST,MATH,4,SPRING,2010-05-04,362,4,
        TEST,S1,2011,CST,MATH,5,,2011-05-04,340,3,
        TEST,S2,2011,CST,ELA,7,SPRING,2011-05-04,401.5,5,
        TEST,S3,2011,CAHSEE,MATH,10,SPRING,2011-03-10,351,,Y
        """,
        "courses.csv": """
        district_code,student_id,school_year,school_code,term,course_code,course_title,ag_area,is_ap,is_honors,grade_level,mark,credits_attempted,credits_earned
        TEST,S3,2011,300,S1,ENG11,English 11,b,N,N,11,B+,5,5
        TEST,S3,2011,300,S2,ENG11,English 11,b,N,N,11,C-,5,5
        TEST,S4,2011,300,FY,ART1,Art 1,f,N,N,12,A,10,10
        """,
        "outcomes.csv": """
        district_code,student_id,cohort_year,outcome,outcome_date,ag_complete
        TEST,S4,2011,GRAD,2011-06-10,
        """,
    ]

    init(_ files: [String: String] = DistrictFolder.valid) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-test-\(UUID().uuidString)").path
        self.files = files
        try write()
    }

    func write() throws {
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path).appendingPathComponent(name))
        }
    }

    /// Replaces one line (1 = header) of a file.
    mutating func replaceLine(_ file: String, _ line: Int, with text: String) throws {
        var lines = files[file]!.components(separatedBy: "\n")
        lines[line - 1] = text
        files[file] = lines.joined(separator: "\n")
        try write()
    }

    mutating func appendLine(_ file: String, _ text: String) throws {
        files[file]! += "\n" + text
        try write()
    }

    func writeRaw(_ file: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path).appendingPathComponent(file))
    }

    func delete() { try? FileManager.default.removeItem(atPath: path) }

    func remove(_ file: String) throws {
        try FileManager.default.removeItem(atPath: (path as NSString).appendingPathComponent(file))
    }
}

/// A temporary database file, so tests can compare its bytes before and after a load.
struct TemporaryDatabase {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-test-\(UUID().uuidString).sqlite").path

    func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// The write-ahead log's bytes (`nil` when there is none): with the file, the whole database.
    func writeAheadLog() -> Data? { try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) }

    func delete() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
