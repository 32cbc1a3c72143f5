public import ArgumentParser
import Foundation
import TandemDomain
import TandemServices
import TandemStorage

/// `tandem users`: accounts, from the server's command line (the operator holds the database, so is
/// trusted with every account; each change is in the audit log under their login).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list, disable and enable accounts, and reset passwords.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self]
    )

    /// Options shared by the subcommands that set a password.
    struct PasswordOptions: ParsableArguments {
        @Flag(help: "Read the password from standard input (one line) instead of generating one.")
        var passwordStdin = false

        /// The password read from standard input, or nil to generate one.
        func password() throws -> String? {
            guard passwordStdin else { return nil }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw UsageError("no password on standard input") }
            return line
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account.",
            discussion:
                "Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")). Without --password-stdin a password is generated and printed once."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The username (letters, digits, . - _ @).") var username: String
        @Option(help: "The account's role.") var role: Role
        @Option(help: "The district it belongs to (every role but partnership-admin).") var district: String?
        @Option(name: .customLong("school"), help: "A school a principal leads (repeat for several).") var schools: [String] = []
        @OptionGroup var passwordOptions: PasswordOptions

        func run() async throws {
            let access = AccessService(store: try SQLiteStore(path: database.db))
            let identity = Identity(username: username, role: role, district: district, schools: Set(schools))
            let password = try await Self.refusals {
                try await access.addAccount(identity, password: try passwordOptions.password(), by: .commandLine)
            }
            print("Added \(username) (\(role.title)\(district.map { ", \($0)" } ?? "")).")
            if !passwordOptions.passwordStdin { print("Password (shown once): \(password)") }
        }

        /// Runs an account action, turning a refusal into a usage error (exit status 2, its message).
        static func refusals<T>(_ body: () async throws -> T) async throws -> T {
            do { return try await body() } catch let error as any Refusal { throw UsageError(error.description) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every account.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let accounts = try await AccessService(store: try SQLiteStore(path: database.db)).accounts(for: .commandLine)
            guard !accounts.isEmpty else {
                print("No accounts yet. Add the first partnership admin: tandem users add NAME --role partnership-admin")
                return
            }
            print("\(padded("username", 24))\(padded("role", 20))\(padded("district", 10))\(padded("schools", 20))state")
            for account in accounts {
                let identity = account.identity
                let state = account.disabled ? "disabled" : account.locked ? "locked" : "active"
                print(
                    "\(padded(identity.username, 24))\(padded(identity.role.rawValue, 20))\(padded(identity.district ?? "-", 10))"
                        + "\(padded(identity.schools.sorted().joined(separator: ","), 20))\(state)"
                )
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and sign it out everywhere.")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String

        func run() async throws { try await UsersCommand.setDisabled(username, true, database: database) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String

        func run() async throws { try await UsersCommand.setDisabled(username, false, database: database) }
    }

    static func setDisabled(_ username: String, _ disabled: Bool, database: DatabaseOptions) async throws {
        let access = AccessService(store: try SQLiteStore(path: database.db))
        try await Add.refusals { try await access.setDisabled(username, disabled, by: .commandLine) }
        print("\(disabled ? "Disabled" : "Enabled") \(username).")
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Set a new password, unlock the account and sign it out everywhere."
        )
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String
        @OptionGroup var passwordOptions: PasswordOptions

        func run() async throws {
            let access = AccessService(store: try SQLiteStore(path: database.db))
            let password = try await Add.refusals {
                try await access.resetPassword(username, password: try passwordOptions.password(), by: .commandLine)
            }
            print("Reset the password of \(username).")
            if !passwordOptions.passwordStdin { print("Password (shown once): \(password)") }
        }
    }
}

extension Role: ExpressibleByArgument {}

/// `tandem public`: which indicators signed-out visitors (and public exports) see.
struct PublicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "public",
        abstract: "Show or set the indicators the partnership makes public.",
        discussion: "Without --set, lists them. The public sees them suppressed like the partnership does."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The public indicators, comma-separated (an empty string: none).", valueName: "ids"))
    var set: String?

    func run() async throws {
        let store = try SQLiteStore(path: database.db)
        let access = AccessService(store: store)
        if let set {
            let chosen = Set(set.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            let known = Set(try await ComputeService(store: store).partnershipLibrary().indicators.map(\.id))
            let unknown = chosen.subtracting(known)
            guard unknown.isEmpty else { throw UsageError("no indicator \(unknown.sorted().joined(separator: ", ")) (see `tandem compute`)") }
            try await access.setPublicIndicators(chosen, by: .commandLine)
        }
        let chosen = try await access.publicIndicators().sorted()
        print(chosen.isEmpty ? "No indicator is public: signed-out visitors see none." : "Public: \(chosen.joined(separator: ", "))")
    }
}
