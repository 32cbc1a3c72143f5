/// What an audit event records.
public enum AuditAction: String, Sendable, CaseIterable, Codable {
    case signIn = "sign-in"
    case signInFailed = "sign-in-failed"
    case signOut = "sign-out"
    case accountLocked = "account-locked"
    case accountAdded = "account-added"
    case accountDisabled = "account-disabled"
    case accountEnabled = "account-enabled"
    case passwordReset = "password-reset"
    case recordsImported = "records-imported"
    case publicIndicatorsChanged = "public-indicators-changed"
    case targetChanged = "target-changed"
    case studentRecordsViewed = "student-records-viewed"
    /// Someone asked for student-level records their account may not see (a 403 on a roster).
    case studentRecordsRefused = "student-records-refused"
}

/// One line of the audit log: who did what, when, to which district, and how many students it showed.
///
/// The actor and subject may come from anyone (a typed username at a failed sign-in): they are kept to
/// `maximumActorLength` and `maximumSubjectLength` characters, so a flood of requests cannot fill the log
/// with megabytes of text.
public struct AuditEvent: Sendable, Hashable, Codable {
    public static let maximumActorLength = 64
    public static let maximumSubjectLength = 500

    /// The log's own number; `nil` until it is stored.
    public var id: Int64?
    /// When, as an ISO 8601 timestamp (`Timestamp`).
    public var at: String
    public var actor: String
    public var action: AuditAction
    public var district: String?
    public var subject: String
    /// The distinct students a student-level view showed.
    public var studentCount: Int?

    public init(
        id: Int64? = nil,
        at: String,
        actor: String,
        action: AuditAction,
        district: String?,
        subject: String,
        studentCount: Int? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = Self.cut(actor, to: Self.maximumActorLength)
        self.action = action
        self.district = district
        self.subject = Self.cut(subject, to: Self.maximumSubjectLength)
        self.studentCount = studentCount
    }
}

extension AuditEvent {
    /// `text`, or its first `length - 1` characters and "…".
    static func cut(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}

/// Which audit events to read, newest first: filters, and a page of them.
public struct AuditQuery: Sendable, Hashable {
    public var action: AuditAction?
    /// Exactly this actor (a username, or what was typed at a failed sign-in).
    public var actor: String?
    /// From this day through that one, inclusive (UTC days, as the log's timestamps).
    public var from: Day?
    public var through: Day?
    /// Only events older than this one (the next page: the last id of the one before).
    public var before: Int64?
    public var limit: Int

    public init(action: AuditAction? = nil, actor: String? = nil, from: Day? = nil, through: Day? = nil, before: Int64? = nil, limit: Int = 100) {
        self.action = action
        self.actor = actor
        self.from = from
        self.through = through
        self.before = before
        self.limit = limit
    }

    /// The actions whose repeats an auditor looks for: guessing passwords, asking for records not yours.
    public static let refusals: [AuditAction] = [.signInFailed, .accountLocked, .studentRecordsRefused]
}

/// How often one actor met one refusal within a query's filters: a flood of failed sign-ins is one line.
public struct AuditTally: Sendable, Hashable {
    public var action: AuditAction
    public var actor: String
    public var count: Int
    public var first: String
    public var last: String

    public init(action: AuditAction, actor: String, count: Int, first: String, last: String) {
        self.action = action
        self.actor = actor
        self.count = count
        self.first = first
        self.last = last
    }
}
