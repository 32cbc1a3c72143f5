public import TandemDomain
public import TandemPorts

/// What a data steward checks after a load: the district's loads, newest first, and what the latest
/// computation could measure with them (`tandem compute`'s coverage: each indicator's years, or why it has
/// none), with a word when records were loaded after the values were computed. The partnership admin sees
/// every district's; a steward their own.
public struct DataStatusService: Sendable {
    let store: any TandemStore

    public init(store: any TandemStore) { self.store = store }

    /// Loads shown per district (the newest; the count says how many there are in all).
    public static let loadsShown = 20

    public func status(for identity: Identity) async throws -> DataStatusView {
        guard Requirement.readDataStatus.isMet(by: identity) else {
            throw AccessError.notAllowed("\(identity.username) may not read the data status")
        }
        return try await store.read { db in
            let codes = identity.role == .partnershipAdmin ? try db.districtCodes() : [identity.district].compactMap { $0 }
            let computation = try db.latestComputation()
            let latestImport = try db.latestImportID()
            let names = Dictionary(try db.districtsWithValues().map { ($0.code, $0.name) }) { first, _ in first }
            let indicatorNames = Dictionary(try db.indicatorInfos().map { ($0.id, $0.name) }) { first, _ in first }
            return DataStatusView(
                computation: computation.map {
                    DataStatusView.ComputationSummary(
                        computedAt: $0.computedAt,
                        definitionVersion: $0.definitionVersion,
                        minimumGroupSize: $0.minimumGroupSize,
                        predatesLatestLoad: $0.latestImportID != latestImport
                    )
                },
                districts: try codes.map { code in
                    let log = try db.importLog(district: code)
                    return DataStatusView.District(
                        code: code,
                        name: names[code] ?? code,
                        loadCount: log.count,
                        loads: log.suffix(Self.loadsShown).reversed().map {
                            DataStatusView.Load(
                                finishedAt: $0.finishedAt,
                                loadedBy: $0.loadedBy,
                                files: $0.files,
                                totalRows: $0.totalRows,
                                years: $0.years,
                                warnings: $0.warnings
                            )
                        },
                        coverage: try db.coverage(district: code).map {
                            DataStatusView.Coverage(
                                indicator: $0.indicator,
                                name: indicatorNames[$0.indicator] ?? $0.indicator,
                                years: $0.years,
                                why: $0.why
                            )
                        }
                    )
                }
            )
        }
    }
}

/// The data status as `DataStatusService` finds it.
public struct DataStatusView: Sendable {
    public struct ComputationSummary: Sendable {
        public let computedAt: String
        public let definitionVersion: String
        public let minimumGroupSize: Int
        /// Records were loaded after the values were computed.
        public let predatesLatestLoad: Bool
    }

    public struct District: Sendable {
        public let code: String
        public let name: String
        public let loadCount: Int
        /// The newest loads first.
        public let loads: [Load]
        /// The latest computation's coverage, in the library's order (empty before a computation).
        public let coverage: [Coverage]
    }

    /// One load, as the import log keeps it.
    public struct Load: Sendable {
        public let finishedAt: String
        public let loadedBy: String
        /// `file=rows` pairs, `; `-separated.
        public let files: String
        public let totalRows: Int
        /// The years the load replaced.
        public let years: String
        public let warnings: Int
    }

    public struct Coverage: Sendable {
        public let indicator: String
        public let name: String
        public let years: [Int]
        public let why: String?
    }

    /// `nil` before any computation.
    public let computation: ComputationSummary?
    public let districts: [District]
}
