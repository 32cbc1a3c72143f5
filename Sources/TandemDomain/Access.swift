/// Who may see and do what: roles, their scope, the audience of each number, and the actions a role may
/// take. Pure rules; the web app and the services ask them, and nothing else decides access.
///
/// The table in the README ("Who sees what") is this file in prose; `AccessTests` and the web app's
/// route-by-role test hold the two together.

/// What a signed-in person is to the partnership.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// Runs the partnership: its accounts, what is public, the audit log of every district. Belongs to no
    /// district, so sees every district's numbers as a partner does (suppressed).
    case partnershipAdmin = "partnership-admin"
    /// A district's data office: loads its records, manages its accounts, sets its targets, reads its audit log.
    case dataSteward = "data-steward"
    /// A superintendent or cabinet member of one district.
    case districtLeader = "district-leader"
    /// Leads one strand of the partnership's work inside a district.
    case strandLead = "strand-lead"
    /// Leads one or more schools of a district.
    case principal
    /// Reads the partnership's suppressed results; sees nothing unsuppressed, not even of its own district.
    case viewer

    /// The role's name as a person reads it.
    public var title: String {
        switch self {
        case .partnershipAdmin: "Partnership admin"
        case .dataSteward: "District data steward"
        case .districtLeader: "District leader"
        case .strandLead: "Strand lead"
        case .principal: "Principal"
        case .viewer: "Viewer"
        }
    }

    /// Every role but the partnership admin belongs to one district.
    public var needsDistrict: Bool { self != .partnershipAdmin }
}

/// Whose eyes a number is for, which decides whether the small-group rule applies to it.
public enum Audience: String, Sendable, Hashable, CaseIterable {
    /// The number's own district (or, for a principal, own school): shown unsuppressed.
    case ownDistrict = "own-district"
    /// A partner: only what passes the small-group rule.
    case partnership
    /// Anyone, signed out: only what passes the small-group rule, and only indicators the partnership
    /// marked public.
    case `public`

    /// Whether a stored value with this small-group flag may be shown to this audience. This is the one
    /// gate every page, download, export and API answer passes its counts through.
    public func mayShow(suppressed: Bool) -> Bool {
        self == .ownDistrict || !suppressed
    }
}

/// A signed-in person's role and scope.
public struct Identity: Sendable, Hashable {
    public var username: String
    public var role: Role
    /// The district the account belongs to; `nil` only for the partnership admin.
    public var district: String?
    /// For a principal, the schools (codes in `district`) they lead.
    public var schools: Set<String>

    public init(username: String, role: Role, district: String?, schools: Set<String> = []) {
        self.username = username
        self.role = role
        self.district = district
        self.schools = schools
    }

    /// A problem with the account's scope, or `nil` when it is consistent: every role but the partnership
    /// admin needs a district, the admin has none, and only a principal has (and needs) schools.
    public var scopeProblem: String? {
        if role.needsDistrict && district == nil { return "a \(role.rawValue) belongs to a district (give --district)" }
        if !role.needsDistrict && district != nil { return "a partnership admin belongs to no district" }
        if role == .principal && schools.isEmpty { return "a principal leads at least one school (give --school)" }
        if role != .principal && !schools.isEmpty { return "only a principal is scoped to schools" }
        return nil
    }
}

extension Optional where Wrapped == Identity {
    /// The audience of a value of `district` (a school's value when `school` is given): its own district
    /// sees it unsuppressed (a principal: only their schools), everyone else signed in as a partner,
    /// signed-out visitors as the public.
    public func audience(district: String, school: String?) -> Audience {
        guard let identity = self else { return .public }
        guard identity.district == district else { return .partnership }
        switch identity.role {
        case .dataSteward, .districtLeader, .strandLead: return .ownDistrict
        case .principal: return school.map { identity.schools.contains($0) } == true ? .ownDistrict : .partnership
        case .partnershipAdmin, .viewer: return .partnership
        }
    }

    /// The audience of a page as a whole, for caching: two people with the same key see the same page.
    public var audienceKey: String {
        guard let identity = self else { return "public" }
        switch identity.role {
        case .dataSteward, .districtLeader, .strandLead: return "district:\(identity.district ?? "")"
        case .principal: return "schools:\(identity.district ?? ""):\(identity.schools.sorted().joined(separator: ","))"
        case .partnershipAdmin, .viewer: return "partnership"
        }
    }
}

/// What a route or a service call needs of the person asking.
public enum Requirement: Sendable, Hashable {
    /// Anyone, signed in or not (results go out as the public audience when signed out).
    case anyone
    /// Any signed-in account.
    case signedIn
    /// Manage accounts: the partnership admin (every account), a data steward (their district's).
    case manageAccounts
    /// Read the audit log: the partnership admin (all of it), a data steward (their district's events).
    case readAuditLog
    /// Decide which indicators are public: the partnership admin.
    case managePartnership
    /// Set a district's targets: its data steward (their district only).
    case setTargets
    /// Edit the partnership's framework (goals, strategies, action steps): the partnership admin.
    case editFramework
    /// See what the loads brought and what the latest computation could measure (loads, coverage): the
    /// partnership admin (every district), a data steward (their district).
    case readDataStatus
    /// See student-level records of a district: data steward, district leader and strand lead of that
    /// district, a principal for their schools. Every such look is audited.
    case studentRecords

    /// The roles that meet the requirement (before any district or school scope is checked).
    public var roles: Set<Role> {
        switch self {
        case .anyone, .signedIn: Set(Role.allCases)
        case .manageAccounts, .readAuditLog, .readDataStatus: [.partnershipAdmin, .dataSteward]
        case .managePartnership, .editFramework: [.partnershipAdmin]
        case .setTargets: [.dataSteward]
        case .studentRecords: [.dataSteward, .districtLeader, .strandLead, .principal]
        }
    }

    /// Whether `identity` (nil: signed out) meets the requirement.
    public func isMet(by identity: Identity?) -> Bool {
        if self == .anyone { return true }
        guard let identity else { return false }
        return roles.contains(identity.role)
    }
}

extension Identity {
    /// Whether this person may manage the accounts of `district` (`nil`: partnership-wide accounts).
    public func mayManageAccounts(of district: String?) -> Bool {
        switch role {
        case .partnershipAdmin: true
        case .dataSteward: district != nil && district == self.district
        default: false
        }
    }

    /// Whether this person may give an account this role and district: a steward makes accounts of their
    /// own district only, and never a partnership admin.
    public func mayGrant(_ role: Role, district: String?) -> Bool {
        guard mayManageAccounts(of: district) else { return false }
        return self.role == .partnershipAdmin || role != .partnershipAdmin
    }

    /// Whether this person may set the targets of `district`: its data steward.
    public func maySetTargets(of district: String) -> Bool {
        role == .dataSteward && self.district == district
    }

    /// The district whose audit events this person reads (`nil`: every district, the admin).
    public var auditScope: String? { role == .partnershipAdmin ? nil : district }

    /// Whether this person may see the student-level records of `district` (and `school`, if one).
    public func maySeeStudents(district: String, school: String?) -> Bool {
        guard Requirement.studentRecords.roles.contains(role), self.district == district else { return false }
        if role == .principal { return school.map { schools.contains($0) } ?? false }
        return true
    }
}
