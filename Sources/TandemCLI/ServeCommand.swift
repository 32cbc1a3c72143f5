import ArgumentParser
import Foundation
import Hummingbird
import TandemServices
import TandemStorage
import TandemWeb

/// `tandem serve`: the web app on the stored values, until interrupted (SIGINT/SIGTERM shut it down
/// gracefully, letting requests in flight finish).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the dashboards over HTTP.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        guard FileManager.default.fileExists(atPath: database.db) else {
            throw UsageError("no database at \(database.db): load records with `tandem import` (or run `tandem demo`) first")
        }
        try await server.serve(store: try SQLiteStore(path: database.db))
    }
}

/// Where to listen; shared by `serve` and `demo`.
struct ServerOptions: ParsableArguments {
    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(
        name: .customLong("allowed-host"),
        help: "A name the server is reached by (repeatable), e.g. behind a proxy; any other Host is refused (421)."
    )
    var allowedHosts: [String] = []

    func serve(store: SQLiteStore) async throws {
        let access = AccessService(store: store)
        if try await access.accountCount() == 0 {
            print(
                """
                No accounts yet: everyone sees only what the partnership makes public (`tandem public`).
                Create the first partnership admin, who can then add the others on the Accounts page:
                  tandem users add NAME --role partnership-admin --db \(store.path)
                """
            )
        }
        let app = try await WebApp.make(
            store: store,
            access: access,
            host: host,
            port: port,
            allowedHosts: .listening(on: host, extra: allowedHosts)
        )
        print("Serving the dashboards at http://\(host):\(port)/ (Ctrl-C to stop)")
        // Before the server's log lines, which go to the same terminal unbuffered (and, when the output
        // is a file, so that the hint above is not held back until shutdown).
        fflush(nil)  // every output stream: `stdout` itself is a C global Swift 6 will not touch
        try await app.runService()
    }
}
