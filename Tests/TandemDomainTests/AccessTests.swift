import TandemDomain
import Testing

/// The access rules of `Access.swift` against the README's "Who sees what" table, role by role. The web
/// app's `RouteRoleTests` holds the routes to the same table; this holds the rules themselves.
@Suite struct AccessTests {
    // One person of each role. Everyone but the admin is of district AAA; the principal leads schools 1 and 2.
    static let admin = Identity(username: "ada", role: .partnershipAdmin, district: nil)
    static let steward = Identity(username: "sam", role: .dataSteward, district: "AAA")
    static let leader = Identity(username: "lee", role: .districtLeader, district: "AAA")
    static let strandLead = Identity(username: "sol", role: .strandLead, district: "AAA")
    static let principal = Identity(username: "pat", role: .principal, district: "AAA", schools: ["1", "2"])
    static let viewer = Identity(username: "vic", role: .viewer, district: "AAA")
    static let everyone = [admin, steward, leader, strandLead, principal, viewer]

    static func person(_ role: Role) -> Identity { everyone.first { $0.role == role }! }

    @Test func onePersonOfEachRole() {
        #expect(Set(Self.everyone.map(\.role)) == Set(Role.allCases))
        #expect(Self.everyone.allSatisfy { $0.scopeProblem == nil })
    }

    /// The spellings accounts are stored and given on the command line with.
    @Test func roleNamesAndTitles() {
        #expect(Role.allCases.map(\.rawValue) == ["partnership-admin", "data-steward", "district-leader", "strand-lead", "principal", "viewer"])
        #expect(Set(Role.allCases.map(\.title)).count == Role.allCases.count)
        #expect(Role.allCases.filter { !$0.needsDistrict } == [.partnershipAdmin])
    }

    // MARK: - Requirements

    /// The README table, one row per requirement: whether a signed-out visitor meets it, and which roles
    /// do (before their district or schools are looked at). A switch, so a new requirement must be added here.
    static func readmeRow(_ requirement: Requirement) -> (signedOut: Bool, roles: Set<Role>) {
        switch requirement {
        // "public indicators, suppressed"; "framework, targets and progress": everyone, signed out too.
        case .anyone: (true, Set(Role.allCases))
        // "every indicator, every district, suppressed"; "own account page"; "target history".
        case .signedIn: (false, Set(Role.allCases))
        // "student-level records": principal (own schools), strand lead, district leader, data steward.
        case .studentRecords: (false, [.principal, .strandLead, .districtLeader, .dataSteward])
        // "set, change, cascade and remove targets": data steward (own district).
        case .setTargets: (false, [.dataSteward])
        // "edit the framework": partnership admin.
        case .editFramework: (false, [.partnershipAdmin])
        // "manage accounts": data steward (own district), partnership admin (all).
        case .manageAccounts: (false, [.dataSteward, .partnershipAdmin])
        // "read the audit log": data steward (own district), partnership admin (all).
        case .readAuditLog: (false, [.dataSteward, .partnershipAdmin])
        // "loads and coverage": data steward (own district), partnership admin (all).
        case .readDataStatus: (false, [.dataSteward, .partnershipAdmin])
        // "choose the public indicators": partnership admin.
        case .managePartnership: (false, [.partnershipAdmin])
        }
    }

    static let requirements: [Requirement] = [
        .anyone, .signedIn, .studentRecords, .setTargets, .editFramework, .manageAccounts,
        .readAuditLog, .readDataStatus, .managePartnership,
    ]

    @Test(arguments: requirements)
    func everyRoleAgainstEveryRequirement(requirement: Requirement) {
        let row = Self.readmeRow(requirement)
        #expect(requirement.roles == row.roles)
        #expect(requirement.isMet(by: nil) == row.signedOut)
        for person in Self.everyone {
            #expect(requirement.isMet(by: person) == row.roles.contains(person.role), "\(person.role) for \(requirement)")
        }
    }

    // MARK: - Audiences

    /// Whose eyes each value is for: `audience(district:school:)` for every role, for values of the
    /// person's own district (as a whole and per school) and of another district.
    @Test(arguments: Role.allCases)
    func audienceOfEveryRole(role: Role) {
        let person: Identity? = Self.person(role)
        // The README's "own district's numbers unsuppressed" row: the district's values and those of each school.
        let (ownDistrict, ownSchool, otherSchool): (Audience, Audience, Audience) =
            switch role {
            case .dataSteward, .districtLeader, .strandLead: (.ownDistrict, .ownDistrict, .ownDistrict)
            case .principal: (.partnership, .ownDistrict, .partnership)
            case .partnershipAdmin, .viewer: (.partnership, .partnership, .partnership)
            }
        #expect(person.audience(district: "AAA", school: nil) == ownDistrict)
        #expect(person.audience(district: "AAA", school: "1") == ownSchool)
        #expect(person.audience(district: "AAA", school: "2") == ownSchool)
        #expect(person.audience(district: "AAA", school: "3") == otherSchool)
        // Another district's values, its school 1 too (school codes are a district's own): a partner's view.
        #expect(person.audience(district: "BBB", school: nil) == .partnership)
        #expect(person.audience(district: "BBB", school: "1") == .partnership)
    }

    @Test func signedOutVisitorsAreThePublic() {
        let nobody: Identity? = nil
        #expect(nobody.audience(district: "AAA", school: nil) == .public)
        #expect(nobody.audience(district: "AAA", school: "1") == .public)
        #expect(nobody.audienceKey == "public")
    }

    /// The one gate: only a number's own district sees it when the small-group rule hides it.
    @Test func mayShow() {
        for audience in Audience.allCases {
            #expect(audience.mayShow(suppressed: false))
            #expect(audience.mayShow(suppressed: true) == (audience == .ownDistrict))
        }
    }

    /// Two people with the same key see the same page; people who see different numbers have different keys.
    @Test func audienceKeys() {
        let keys = Dictionary(uniqueKeysWithValues: Self.everyone.map { ($0.role, Optional($0).audienceKey) })
        #expect(keys[.partnershipAdmin] == "partnership")
        #expect(keys[.viewer] == "partnership")
        #expect(keys[.dataSteward] == "district:AAA")
        #expect(keys[.districtLeader] == "district:AAA")
        #expect(keys[.strandLead] == "district:AAA")
        #expect(keys[.principal] == "schools:AAA:1,2")
        let samePrincipal: Identity? = Identity(username: "pam", role: .principal, district: "AAA", schools: ["2", "1"])
        let otherPrincipal: Identity? = Identity(username: "pia", role: .principal, district: "AAA", schools: ["1"])
        let otherSteward: Identity? = Identity(username: "stu", role: .dataSteward, district: "BBB")
        #expect(samePrincipal.audienceKey == keys[.principal])
        #expect(otherPrincipal.audienceKey != keys[.principal])
        #expect(otherSteward.audienceKey != keys[.dataSteward])
    }

    // MARK: - Scope

    @Test func scopeProblems() {
        for role in Role.allCases where role.needsDistrict {
            let schools: Set<String> = role == .principal ? ["1"] : []
            #expect(
                Identity(username: "x", role: role, district: nil, schools: schools).scopeProblem
                    == "a \(role.rawValue) belongs to a district (give --district)"
            )
        }
        #expect(Identity(username: "x", role: .partnershipAdmin, district: "AAA").scopeProblem == "a partnership admin belongs to no district")
        #expect(Identity(username: "x", role: .principal, district: "AAA").scopeProblem == "a principal leads at least one school (give --school)")
        for role in Role.allCases where role != .principal {
            #expect(
                Identity(username: "x", role: role, district: role.needsDistrict ? "AAA" : nil, schools: ["1"]).scopeProblem
                    == "only a principal is scoped to schools"
            )
        }
        // A principal with neither district nor schools: the district is named first.
        #expect(Identity(username: "x", role: .principal, district: nil).scopeProblem == "a principal belongs to a district (give --district)")
    }

    // MARK: - Actions

    @Test(arguments: Role.allCases)
    func studentRecords(role: Role) {
        let person = Self.person(role)
        let wholeDistrict: Set<Role> = [.dataSteward, .districtLeader, .strandLead]
        #expect(person.maySeeStudents(district: "AAA", school: nil) == wholeDistrict.contains(role))
        #expect(person.maySeeStudents(district: "AAA", school: "1") == (wholeDistrict.contains(role) || role == .principal))
        #expect(person.maySeeStudents(district: "AAA", school: "2") == (wholeDistrict.contains(role) || role == .principal))
        #expect(person.maySeeStudents(district: "AAA", school: "3") == wholeDistrict.contains(role))
        #expect(!person.maySeeStudents(district: "BBB", school: nil))
        #expect(!person.maySeeStudents(district: "BBB", school: "1"))
    }

    @Test(arguments: Role.allCases)
    func settingTargets(role: Role) {
        let person = Self.person(role)
        #expect(person.maySetTargets(of: "AAA") == (role == .dataSteward))
        #expect(!person.maySetTargets(of: "BBB"))
    }

    @Test(arguments: Role.allCases)
    func managingAccounts(role: Role) {
        let person = Self.person(role)
        #expect(person.mayManageAccounts(of: nil) == (role == .partnershipAdmin))
        #expect(person.mayManageAccounts(of: "AAA") == (role == .partnershipAdmin || role == .dataSteward))
        #expect(person.mayManageAccounts(of: "BBB") == (role == .partnershipAdmin))
        for granted in Role.allCases {
            let district: String? = granted.needsDistrict ? "AAA" : nil
            switch role {
            case .partnershipAdmin:
                #expect(person.mayGrant(granted, district: district), "admin grants \(granted)")
                #expect(person.mayGrant(granted, district: "BBB"))
            case .dataSteward:
                // Own district only, and never a partnership admin.
                #expect(person.mayGrant(granted, district: "AAA") == (granted != .partnershipAdmin), "steward grants \(granted)")
                #expect(!person.mayGrant(granted, district: "BBB"))
                #expect(!person.mayGrant(granted, district: nil))
            case .districtLeader, .strandLead, .principal, .viewer:
                #expect(!person.mayGrant(granted, district: district))
                #expect(!person.mayGrant(granted, district: "AAA"))
            }
        }
    }

    @Test func auditScope() {
        #expect(Self.admin.auditScope == nil)
        #expect(Self.steward.auditScope == "AAA")
        #expect(Identity(username: "stu", role: .dataSteward, district: "BBB").auditScope == "BBB")
    }
}
