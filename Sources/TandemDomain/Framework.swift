/// A partnership's framework, as its founding agreement sets it out: a purpose, goals (each measured by
/// indicators), strategies that serve the goals, and action steps under the strategies, each with an
/// owner, a due date and a status.
public struct Framework: Sendable, Hashable, Codable {
    public var purpose: String
    public var goals: [Goal]
    public var strategies: [Strategy]
    public var actions: [Action]

    public init(purpose: String, goals: [Goal], strategies: [Strategy], actions: [Action]) {
        self.purpose = purpose
        self.goals = goals
        self.strategies = strategies
        self.actions = actions
    }

    public struct Goal: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        /// The indicators that measure the goal (ids of the partnership's indicator library).
        public var indicators: [String]

        public init(id: String, title: String, indicators: [String]) {
            self.id = id
            self.title = title
            self.indicators = indicators
        }
    }

    public struct Strategy: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        /// The goals the strategy serves.
        public var goals: [String]

        public init(id: String, title: String, goals: [String]) {
            self.id = id
            self.title = title
            self.goals = goals
        }
    }

    public struct Action: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var strategy: String
        /// The area of work the agreement files it under ("Curriculum and instruction", …).
        public var area: String
        public var owner: String
        /// Written `YYYY-MM-DD` in the framework file.
        public var due: Day
        public var status: ActionStatus

        public init(id: String, title: String, strategy: String, area: String, owner: String, due: Day, status: ActionStatus) {
            self.id = id
            self.title = title
            self.strategy = strategy
            self.area = area
            self.owner = owner
            self.due = due
            self.status = status
        }
    }

    public enum ActionStatus: String, Sendable, Hashable, Codable, CaseIterable {
        case notStarted = "not-started"
        case inProgress = "in-progress"
        case done
        case atRisk = "at-risk"

        public var label: String {
            switch self {
            case .notStarted: "Not started"
            case .inProgress: "In progress"
            case .done: "Done"
            case .atRisk: "At risk"
            }
        }
    }

    /// Every problem with the framework, in order (empty when it is sound): ids unique and non-empty,
    /// titles present, every reference to a goal, strategy or indicator known (due dates are days by type).
    public func problems(knownIndicators: Set<String>) -> [String] {
        var problems: [String] = []
        func unique(_ ids: [String], _ kind: String) {
            var seen = Set<String>()
            for id in ids {
                if id.trimmingWhitespace.isEmpty { problems.append("a \(kind) has no id") }
                if !seen.insert(id).inserted { problems.append("two \(kind)s have the id \(id)") }
            }
        }
        unique(goals.map(\.id), "goal")
        unique(strategies.map(\.id), "strategy")
        unique(actions.map(\.id), "action")
        let goalIDs = Set(goals.map(\.id))
        let strategyIDs = Set(strategies.map(\.id))
        for goal in goals {
            if goal.title.trimmingWhitespace.isEmpty { problems.append("goal \(goal.id) has no title") }
            for indicator in goal.indicators where !knownIndicators.contains(indicator) {
                problems.append("goal \(goal.id): there is no indicator \(indicator)")
            }
        }
        for strategy in strategies {
            if strategy.title.trimmingWhitespace.isEmpty { problems.append("strategy \(strategy.id) has no title") }
            for goal in strategy.goals where !goalIDs.contains(goal) { problems.append("strategy \(strategy.id): there is no goal \(goal)") }
        }
        for action in actions {
            if action.title.trimmingWhitespace.isEmpty { problems.append("action \(action.id) has no title") }
            if !strategyIDs.contains(action.strategy) { problems.append("action \(action.id): there is no strategy \(action.strategy)") }
        }
        return problems
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
