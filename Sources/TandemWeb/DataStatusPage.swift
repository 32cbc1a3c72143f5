import Foundation
import TandemDomain
import TandemServices

/// `/admin/data`: a district's loads and what the latest computation could measure with them, for its
/// data steward (the partnership admin: every district's). Metadata only — no value, no student.
extension AccountPages {
    func dataStatus(_ session: AccessService.Session, _ service: DataStatusService) async throws -> HTML {
        let status = try await service.status(for: session.identity)
        let page = DataStatusPage(
            layout: layout("Loads and coverage"),
            scope: session.identity.role == .partnershipAdmin ? nil : session.identity.district,
            computation: status.computation.map {
                DataStatusPage.Computation(
                    computedAt: $0.computedAt,
                    definitionVersion: $0.definitionVersion,
                    minimumGroupSize: $0.minimumGroupSize,
                    stale: $0.predatesLatestLoad
                )
            },
            districts: status.districts.map { district in
                let measured = district.coverage.count { !$0.years.isEmpty }
                return DataStatusPage.District(
                    code: district.code,
                    anchor: "district-" + Pages.path(district.code),
                    name: district.name,
                    loadsCaption: district.loadCount == 0
                        ? "No loads yet"
                        : "Loads, newest first"
                            + (district.loadCount > district.loads.count
                                ? " (the latest \(district.loads.count) of \(district.loadCount.grouped))" : ""),
                    loads: district.loads.map {
                        DataStatusPage.Load(
                            finishedAt: $0.finishedAt,
                            by: $0.loadedBy,
                            files: Self.filesAndRows($0.files),
                            rows: $0.totalRows.grouped,
                            years: $0.years,
                            warnings: $0.warnings.grouped
                        )
                    },
                    hasCoverage: !district.coverage.isEmpty,
                    coverageCaption: "What the latest computation measured: \(measured) of \(district.coverage.count) indicators have values",
                    coverage: district.coverage.map {
                        DataStatusPage.Coverage(
                            id: $0.indicator,
                            href: "/indicators/" + Pages.path($0.indicator),
                            name: $0.name,
                            years: $0.years.isEmpty ? "none" : $0.years.yearSpan,
                            why: $0.why ?? "",
                            empty: $0.years.isEmpty
                        )
                    }
                )
            }
        )
        return try pages.render("data", page)
    }
}

extension AccountPages {
    /// The import log's `schools.csv=4; students.csv=1703` as a reader takes it in: `schools.csv 4,
    /// students.csv 1,703`.
    static func filesAndRows(_ logged: String) -> String {
        logged.components(separatedBy: "; ").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let rows = Int(parts[1]) else { return pair }
            return "\(parts[0]) \(rows.grouped)"
        }
        .joined(separator: ", ")
    }
}

/// The loads and coverage page (`data.mustache`).
struct DataStatusPage: Sendable {
    let layout: PageLayout
    let scope: String?
    let computation: Computation?
    let districts: [District]

    struct Computation: Sendable {
        let computedAt: String
        let definitionVersion: String
        let minimumGroupSize: Int
        let stale: Bool
    }

    struct District: Sendable {
        let code: String
        let anchor: String
        let name: String
        let loadsCaption: String
        let loads: [Load]
        let hasCoverage: Bool
        let coverageCaption: String
        let coverage: [Coverage]
    }

    struct Load: Sendable {
        let finishedAt: String
        let by: String
        let files: String
        let rows: String
        let years: String
        let warnings: String
    }

    struct Coverage: Sendable {
        let id: String
        let href: String
        let name: String
        let years: String
        let why: String
        let empty: Bool
    }
}
