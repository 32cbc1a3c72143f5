import Foundation
import ServiceLifecycle
import TandemServices
import TandemWeb
import Testing

/// A real browser on the demo: headless Chromium loads each main page from a running server, the key
/// figures must be in the rendered DOM, the browser must report no console error, and a screenshot of
/// each page is kept under `.build/screenshots/`. `.ci/run` installs Chromium and sets
/// `TANDEM_BROWSER_TESTS=required`, so CI can never skip this; elsewhere it runs when Chromium is installed.
@Suite(.serialized) struct BrowserTests {
    static let chromium = "/usr/bin/chromium"
    static let required = ProcessInfo.processInfo.environment["TANDEM_BROWSER_TESTS"] == "required"
    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/screenshots").path

    /// The pages, and figures each must show once rendered.
    static let pages: [(name: String, path: String, figures: [String])] = [
        ("home", "/?year=2011", ["Partnership results, 2010–11", "864 of 2,274", "n = 2,274", "Synthetic records."]),
        ("home-2009-el", "/?year=2009&group=EL", ["Partnership results, 2008–09", "English learners"]),
        ("algebra", "/indicators/alg1_g8_proficiency?year=2011", ["Grade 8 Algebra 1 proficiency", "864 of 2,274", "1,048 of 2,055"]),
        ("participation", "/indicators/alg1_g8_participation?year=2010", ["Grade 8 Algebra 1 (or higher) participation"]),
        ("math5-cohort", "/indicators/math_prof_g5?year=2009", ["The grade 5 students of 2005–06, followed", "2,068 of 5,441", "3,554 of 6,706"]),
        ("district", "/districts/FUSD?from=2006&to=2011", ["<h1>FUSD</h1>", "864 of 2,274"]),
        ("school", "/districts/LBUSD/schools/401", ["High, LBUSD"]),
        ("cohorts", "/cohorts?indicator=math_prof_g5&start=2006", ["The grade 5 students of 2005–06, followed", "2,068 of 5,441"]),
        (
            "progress", "/progress",
            ["Progress toward the goals", "Goal G1: A 100% graduation rate.", "Off track", "Target: +0.5 points a year from 2021–22 to 2025–26"]
        ),
        ("district-progress", "/progress/districts/LBUSD", ["LBUSD: targets and progress", "How a status is decided"]),
        ("framework", "/framework", ["Actions that bring all students to proficiency in Algebra by the end of grade 9.", "Math strand leads"]),
        (
            "state-dashboard", "/state-dashboard?year=2019",
            [
                "California Dashboard colours, 2018–19", "Equity: student groups in the lowest two colours",
                "ELA distance from standard, grades 3–8 (points)", "-31.1 points (Low)",
            ]
        ),
        ("distance-from-standard", "/indicators/ela_dfs?year=2019", ["-31.1 points", "-3.6 points", "points from the standard"]),
        ("not-found", "/indicators/nope", ["There is no indicator"]),
    ]

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: chromium) || required, "Chromium is not installed"))
    func everyMainPageRendersItsFiguresWithoutConsoleErrors() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.chromium), "install Chromium: apt-get install -y chromium")
        let (store, _, _) = try await CalibrationTests.loaded.value
        _ = try await CalibrationTests.computed.value
        // As `tandem demo` leaves it: demo accounts, and the partnership's public indicators (signed-out
        // visitors, as this browser is, see only those).
        let access = AccessService(store: store, passwordCost: 4)
        let accounts = try await DemoService(store: store).ensureAccounts(access: access)
        try await DemoService(store: store).ensureFrameworkAndTargets()
        let port = PortBox()
        let app = try await WebApp.make(store: store, access: access, port: 0) { await port.set($0) }
        let server = Task { try await app.run() }
        defer { server.cancel() }
        let bound = await port.wait()
        try FileManager.default.createDirectory(atPath: Self.screenshots, withIntermediateDirectories: true)

        for page in Self.pages {
            let url = "http://127.0.0.1:\(bound)\(page.path)"
            let (dom, log) = try Self.chromium(["--dump-dom", url])
            for figure in page.figures {
                #expect(dom.contains(figure), "\(page.name): \(figure) is not in the rendered page")
            }
            let consoleErrors = log.split(separator: "\n").filter {
                $0.contains("CONSOLE") || $0.contains("Uncaught") || $0.contains("Failed to load resource")
            }
            #expect(consoleErrors.isEmpty, "\(page.name): \(consoleErrors.prefix(3))")
            let shot = "\(Self.screenshots)/\(page.name).png"
            _ = try Self.chromium(["--screenshot=\(shot)", "--window-size=1366,1800", url])
            #expect(FileManager.default.fileExists(atPath: shot))
        }

        let (status, report) = try Self.signInFlow(base: "http://127.0.0.1:\(bound)", password: accounts.password)
        #expect(status == 0, "the sign-in flow failed in the browser:\n\(report)")
        #expect(report.contains("ok   the steward's form adds an account"), "\(report)")
    }

    /// Signing in, a district's own numbers, sign-out, and a steward's account form, driven in Chromium
    /// by Selenium (`Tests/browser/sign_in_flow.py`); each check prints a line.
    static func signInFlow(base: String, password: String) throws -> (Int32, String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("browser/sign_in_flow.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, base, password, screenshots]
        var environment = ProcessInfo.processInfo.environment
        environment["SE_AVOID_STATS"] = "true"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Runs headless Chromium; its standard output and its log (standard error).
    static func chromium(_ arguments: [String]) throws -> (String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=5000",
            ] + arguments
        // The log goes to a file: two pipes read one after the other could fill and stall the browser.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-chromium-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: outputData, as: UTF8.self), (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}

/// The port the server bound, once it is listening.
actor PortBox {
    private var port: Int?
    private var waiters: [CheckedContinuation<Int, Never>] = []

    func set(_ value: Int) {
        port = value
        for waiter in waiters { waiter.resume(returning: value) }
        waiters.removeAll()
    }

    func wait() async -> Int {
        if let port { return port }
        return await withCheckedContinuation { waiters.append($0) }
    }
}
