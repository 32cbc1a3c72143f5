import GRDB

/// The database schema, as migrations. A migration, once released, is never edited: a change is a new
/// migration appended below.
///
/// The student-record tables mirror the data contract's files column for column (see
/// `DataContract`), so a district's files can be checked against the database with plain SQL. They have
/// no secondary indexes: the importer enforces keys in memory, and every reader of these tables (the
/// indicator computation) scans a whole district, so an index would only slow the loads down.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: districts, student records, import log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE district (
                        code TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL
                    );
                    CREATE TABLE school (
                        district_code TEXT NOT NULL, school_code TEXT NOT NULL, school_name TEXT NOT NULL,
                        school_type TEXT, low_grade INTEGER, high_grade INTEGER,
                        PRIMARY KEY (district_code, school_code)
                    ) WITHOUT ROWID;
                    CREATE TABLE student (
                        district_code TEXT NOT NULL, student_id TEXT NOT NULL, gender TEXT,
                        race_ethnicity TEXT NOT NULL, birth_year INTEGER, us_school_entry_date TEXT,
                        PRIMARY KEY (district_code, student_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE enrollment (
                        district_code TEXT NOT NULL, student_id TEXT NOT NULL, school_year INTEGER NOT NULL,
                        school_code TEXT NOT NULL, grade INTEGER NOT NULL, sed INTEGER NOT NULL,
                        swd INTEGER NOT NULL, el_status TEXT NOT NULL, el_start_date TEXT, rfep_date TEXT,
                        homeless INTEGER NOT NULL, foster INTEGER NOT NULL
                    );
                    CREATE TABLE assessment (
                        district_code TEXT NOT NULL, student_id TEXT NOT NULL, school_year INTEGER NOT NULL,
                        test TEXT NOT NULL, subject TEXT NOT NULL, grade_tested INTEGER,
                        administration TEXT NOT NULL, test_date TEXT, scale_score REAL,
                        performance_level INTEGER, first_attempt INTEGER
                    );
                    CREATE TABLE course (
                        district_code TEXT NOT NULL, student_id TEXT NOT NULL, school_year INTEGER NOT NULL,
                        school_code TEXT NOT NULL, term TEXT NOT NULL, course_code TEXT NOT NULL,
                        course_title TEXT NOT NULL, ag_area TEXT, is_ap INTEGER NOT NULL,
                        is_honors INTEGER NOT NULL, grade_level INTEGER NOT NULL, mark TEXT,
                        credits_attempted REAL, credits_earned REAL
                    );
                    CREATE TABLE outcome (
                        district_code TEXT NOT NULL, student_id TEXT NOT NULL, cohort_year INTEGER NOT NULL,
                        outcome TEXT NOT NULL, outcome_date TEXT, ag_complete INTEGER
                    );
                    CREATE TABLE import_log (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        district_code TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        finished_at TEXT NOT NULL,
                        loaded_by TEXT NOT NULL,
                        source TEXT NOT NULL,
                        files TEXT NOT NULL,
                        total_rows INTEGER NOT NULL,
                        years TEXT NOT NULL,
                        warnings INTEGER NOT NULL,
                        result TEXT NOT NULL
                    );
                    CREATE TABLE metadata (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2: computed indicator values") { db in
            try db.execute(
                sql: """
                    CREATE TABLE indicator_computation (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        computed_at TEXT NOT NULL,
                        definition_version TEXT NOT NULL,
                        minimum_group_size INTEGER NOT NULL,
                        latest_import_id INTEGER NOT NULL,
                        seconds REAL NOT NULL
                    );
                    CREATE TABLE indicator_definition (
                        id TEXT PRIMARY KEY NOT NULL,
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        grade INTEGER,
                        records TEXT NOT NULL,
                        has_cohort INTEGER NOT NULL
                    );
                    CREATE TABLE indicator_value (
                        indicator TEXT NOT NULL, district_code TEXT NOT NULL, school_year INTEGER NOT NULL,
                        school_code TEXT NOT NULL, student_group TEXT NOT NULL,
                        numerator INTEGER NOT NULL, denominator INTEGER NOT NULL, suppressed INTEGER NOT NULL,
                        computation_id INTEGER NOT NULL REFERENCES indicator_computation(id),
                        PRIMARY KEY (indicator, district_code, school_year, school_code, student_group)
                    ) WITHOUT ROWID;
                    -- A school's (or a district's) page reads every indicator of one place and group.
                    CREATE INDEX indicator_value_by_place ON indicator_value (district_code, school_code, student_group);
                    CREATE TABLE cohort_value (
                        indicator TEXT NOT NULL, district_code TEXT NOT NULL, start_year INTEGER NOT NULL,
                        start_grade INTEGER NOT NULL, school_year INTEGER NOT NULL, school_code TEXT NOT NULL,
                        student_group TEXT NOT NULL,
                        numerator INTEGER NOT NULL, denominator INTEGER NOT NULL, suppressed INTEGER NOT NULL,
                        computation_id INTEGER NOT NULL REFERENCES indicator_computation(id),
                        PRIMARY KEY (indicator, district_code, start_year, school_year, school_code, student_group)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v3: accounts, sessions, audit log, public indicators") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        role TEXT NOT NULL,
                        district_code TEXT,
                        schools TEXT NOT NULL,            -- until v6 (account_school): school codes, comma-separated
                        password_hash TEXT NOT NULL,      -- bcrypt, never the password
                        disabled INTEGER NOT NULL,
                        failed_sign_ins INTEGER NOT NULL, -- since the last successful sign-in
                        locked_until INTEGER,             -- Unix seconds
                        created_at TEXT NOT NULL
                    );
                    -- The token itself is only in the visitor's cookie; the table holds its SHA-256, so a
                    -- copy of the database does not sign anyone in.
                    CREATE TABLE session (
                        token_hash TEXT PRIMARY KEY NOT NULL,
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL,
                        expires_at INTEGER NOT NULL       -- Unix seconds
                    ) WITHOUT ROWID;
                    CREATE INDEX session_by_account ON session (account_id);
                    CREATE TABLE audit_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        district_code TEXT,
                        subject TEXT NOT NULL,
                        student_count INTEGER
                    );
                    CREATE INDEX audit_event_by_district ON audit_event (district_code, id);
                    -- Append-only: the application has no way to change or remove what it recorded.
                    CREATE TRIGGER audit_event_is_append_only_update BEFORE UPDATE ON audit_event
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_event_is_append_only_delete BEFORE DELETE ON audit_event
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TABLE public_indicator (
                        indicator TEXT PRIMARY KEY NOT NULL,
                        marked_by TEXT NOT NULL,
                        marked_at TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v4: framework, targets and their history") { db in
            try db.execute(
                sql: """
                    ALTER TABLE indicator_definition ADD COLUMN lower_is_better INTEGER NOT NULL DEFAULT 0;
                    -- Every saved version of the partnership's framework (JSON); the latest is the current one.
                    CREATE TABLE framework_version (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        saved_at TEXT NOT NULL,
                        saved_by TEXT NOT NULL,
                        document TEXT NOT NULL
                    );
                    CREATE TABLE target (
                        district_code TEXT NOT NULL, indicator TEXT NOT NULL,
                        school_code TEXT NOT NULL,        -- '' for the district as a whole
                        student_group TEXT NOT NULL, target_year INTEGER NOT NULL, base_year INTEGER NOT NULL,
                        rule TEXT NOT NULL,               -- absolute | annual-gain | close-gap
                        amount REAL NOT NULL,             -- percent, points a year, or share of the gap
                        lower_is_better INTEGER NOT NULL,
                        cascaded INTEGER NOT NULL,        -- made from the district's target by the cascade rule
                        set_by TEXT NOT NULL, set_at TEXT NOT NULL,
                        PRIMARY KEY (district_code, indicator, school_code, student_group, target_year)
                    ) WITHOUT ROWID;
                    -- Who set each target when, and what it was before: append-only.
                    CREATE TABLE target_change (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL, actor TEXT NOT NULL, change TEXT NOT NULL,
                        district_code TEXT NOT NULL, indicator TEXT NOT NULL, school_code TEXT NOT NULL,
                        student_group TEXT NOT NULL, target_year INTEGER NOT NULL,
                        before TEXT, after TEXT
                    );
                    CREATE INDEX target_change_by_target ON target_change (district_code, indicator, school_code, student_group, target_year);
                    CREATE TRIGGER target_change_is_append_only_update BEFORE UPDATE ON target_change
                    BEGIN SELECT RAISE(ABORT, 'target history is append-only'); END;
                    CREATE TRIGGER target_change_is_append_only_delete BEFORE DELETE ON target_change
                    BEGIN SELECT RAISE(ABORT, 'target history is append-only'); END;
                    """
            )
        }
        migrator.registerMigration("v5: measures (shares in percent, means in points)") { db in
            try db.execute(
                sql: """
                    -- share: numerator students of denominator students; points: numerator is a sum of points.
                    ALTER TABLE indicator_definition ADD COLUMN measure TEXT NOT NULL DEFAULT 'share';
                    ALTER TABLE target ADD COLUMN measure TEXT NOT NULL DEFAULT 'share';
                    """
            )
        }
        migrator.registerMigration("v6: a principal's schools in a table of their own") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account_school (
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        school_code TEXT NOT NULL,
                        PRIMARY KEY (account_id, school_code)
                    ) WITHOUT ROWID;
                    """
            )
            // Until v6 the codes were one comma-separated column; school codes never contain a comma.
            for row in try Row.fetchAll(db, sql: "SELECT id, schools FROM account WHERE schools <> ''") {
                let schools: String = row["schools"]
                for school in Set(schools.split(separator: ",")) {
                    try db.execute(
                        sql: "INSERT INTO account_school (account_id, school_code) VALUES (?, ?)",
                        arguments: [row["id"] as Int64, String(school)]
                    )
                }
            }
            try db.alter(table: "account") { $0.drop(column: "schools") }
        }
        migrator.registerMigration("v7: roster index, append-only logs refuse a reused id") { db in
            try db.execute(
                sql: """
                    -- A school's roster for a year is read by these three; without the index every read scanned
                    -- every enrollment row of every district.
                    CREATE INDEX enrollment_by_school ON enrollment (district_code, school_code, school_year);
                    -- REPLACE INTO deletes the old row without firing DELETE triggers: refuse any insert that
                    -- names an id already there, so no row of an append-only log can be rewritten.
                    CREATE TRIGGER audit_event_is_append_only_replace BEFORE INSERT ON audit_event
                    WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id)
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER target_change_is_append_only_replace BEFORE INSERT ON target_change
                    WHEN EXISTS (SELECT 1 FROM target_change WHERE id = NEW.id)
                    BEGIN SELECT RAISE(ABORT, 'target history is append-only'); END;
                    """
            )
        }
        migrator.registerMigration("v8: the files each indicator reads") { db in
            try db.execute(
                sql: """
                    -- The contract's files an indicator's population and numerator read, comma-separated
                    -- (`enrollments.csv,courses.csv`): pages say what a value needs.
                    ALTER TABLE indicator_definition ADD COLUMN files TEXT NOT NULL DEFAULT '';
                    """
            )
        }
        migrator.registerMigration("v9: a district's name from its schools file") { db in
            try db.execute(sql: "ALTER TABLE school ADD COLUMN district_name TEXT")
        }
        migrator.registerMigration("v10: sed and swd may be unknown") { db in
            // The contract's `U` (not known) is stored as NULL. SQLite cannot drop a NOT NULL, so the
            // table is rebuilt with the same columns, rows and index.
            try db.execute(
                sql: """
                    CREATE TABLE enrollment_v10 (
                        district_code TEXT NOT NULL, student_id TEXT NOT NULL, school_year INTEGER NOT NULL,
                        school_code TEXT NOT NULL, grade INTEGER NOT NULL, sed INTEGER,
                        swd INTEGER, el_status TEXT NOT NULL, el_start_date TEXT, rfep_date TEXT,
                        homeless INTEGER NOT NULL, foster INTEGER NOT NULL
                    );
                    INSERT INTO enrollment_v10 SELECT district_code, student_id, school_year, school_code, grade, sed, swd,
                        el_status, el_start_date, rfep_date, homeless, foster FROM enrollment;
                    DROP TABLE enrollment;
                    ALTER TABLE enrollment_v10 RENAME TO enrollment;
                    CREATE INDEX enrollment_by_school ON enrollment (district_code, school_code, school_year);
                    """
            )
        }
        migrator.registerMigration("v11: what the latest computation could measure") { db in
            try db.execute(
                sql: """
                    -- Per district and indicator: the school years with a value (comma-separated), or why
                    -- there is none. Replaced with the values by each computation.
                    CREATE TABLE indicator_coverage (
                        district_code TEXT NOT NULL, indicator TEXT NOT NULL, position INTEGER NOT NULL,
                        years TEXT NOT NULL, why TEXT,
                        PRIMARY KEY (district_code, indicator)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v12: student lists") { db in
            try db.execute(
                sql: """
                    -- Every student on every list, every year, with why: replaced by each computation. Student-level:
                    -- read only through the student-records gate and the district's own export.
                    CREATE TABLE list_member (
                        district_code TEXT NOT NULL, list TEXT NOT NULL, school_year INTEGER NOT NULL,
                        school_code TEXT NOT NULL, student_id TEXT NOT NULL, grade INTEGER NOT NULL, reason TEXT NOT NULL,
                        PRIMARY KEY (district_code, list, school_year, school_code, student_id)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v13: list counts") { db in
            try db.execute(
                sql: """
                    -- How many students each list holds by year, place and group: aggregates, suppressed for readers
                    -- outside the district like indicator values (a count: numerator = denominator = students).
                    CREATE TABLE list_count (
                        list TEXT NOT NULL, district_code TEXT NOT NULL, school_year INTEGER NOT NULL,
                        school_code TEXT NOT NULL, student_group TEXT NOT NULL,
                        numerator INTEGER NOT NULL, denominator INTEGER NOT NULL, suppressed INTEGER NOT NULL,
                        computation_id INTEGER NOT NULL REFERENCES indicator_computation(id),
                        PRIMARY KEY (list, district_code, school_year, school_code, student_group)
                    ) WITHOUT ROWID;
                    """
            )
        }
        return migrator
    }
}
