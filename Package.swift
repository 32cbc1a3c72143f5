// swift-tools-version:6.1
import PackageDescription

/// Tandem: one package, library targets by layer, one executable.
///
/// Layers, top to bottom: interfaces (`TandemCLI`, the `tandem` executable, `TandemWeb`) → application
/// services (`TandemServices`, async) → the store port (`TandemPorts`: protocols, no database library) and
/// the pure core (`TandemEngine`, the indicator engine and the linked protection of small groups;
/// `TandemDomain`, which depends on nothing). `TandemDisclosure`, the exact audit of what published numbers
/// give away (linear programs solved by GLPK), sits beside the engine and checks it in the tests.
/// Adapters plug in from the side: `TandemStorage` implements the port with SQLite (GRDB; the only target
/// that imports it), `TandemContract` reads and writes the CSV interchange format, `TandemDemo` makes the
/// synthetic partnership. The CLI wires the SQLite store into the services and the web.
/// The import graph is the architecture: every file imports what it uses (`MemberImportVisibility`), and
/// a module's imports stay its own unless a public declaration needs them (`InternalImportsByDefault`,
/// then `public import`), as hummingbird builds.
let strictImports: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tandem", targets: ["tandem"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/drmohundro/SWXMLHash.git", from: "8.1.1"),
    ],
    targets: [
        .target(name: "TandemDomain", swiftSettings: strictImports),
        .target(
            name: "TandemContract",
            dependencies: ["TandemDomain"],
            resources: [.copy("Resources/test-catalog.json"), .copy("Resources/indicators.json"), .copy("Resources/lists.json")],
            swiftSettings: strictImports
        ),
        // GLPK, the linear programming kit the disclosure audit solves with (Debian's libglpk-dev).
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .target(name: "TandemDisclosure", dependencies: ["TandemDomain", "CGLPK"], swiftSettings: strictImports),
        .target(name: "TandemEngine", dependencies: ["TandemDomain"], swiftSettings: strictImports),
        .target(name: "TandemPorts", dependencies: ["TandemDomain", "TandemEngine", "TandemContract"], swiftSettings: strictImports),
        .target(
            name: "TandemStorage",
            dependencies: [
                "TandemPorts",
                "TandemDomain",
                "TandemEngine",
                "TandemContract",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictImports
        ),
        .target(
            name: "TandemDemo",
            dependencies: ["TandemDomain", "TandemContract"],
            resources: [.copy("Resources/demo-indicators.json")],
            swiftSettings: strictImports
        ),
        // Converts other layouts (Ed-Fi interchange XML, CSV extracts with a mapping file) into contract folders.
        .target(
            name: "TandemAdapters",
            dependencies: ["TandemDomain", "TandemContract", .product(name: "SWXMLHash", package: "SWXMLHash")],
            swiftSettings: strictImports
        ),
        .target(
            name: "TandemServices",
            dependencies: [
                "TandemDomain", "TandemContract", "TandemEngine", "TandemPorts", "TandemDemo",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/demo-framework.json")],
            swiftSettings: strictImports
        ),
        .target(
            name: "TandemWeb",
            dependencies: [
                "TandemServices",
                "TandemPorts",
                "TandemContract",
                "TandemDomain",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Templates"), .copy("Assets")],
            swiftSettings: strictImports
        ),
        .target(
            name: "TandemCLI",
            dependencies: [
                "TandemServices",
                "TandemWeb",
                "TandemStorage",
                "TandemDemo",
                "TandemDomain",
                "TandemAdapters",
                "TandemContract",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictImports
        ),
        .executableTarget(name: "tandem", dependencies: ["TandemCLI"], swiftSettings: strictImports),
        .testTarget(
            name: "TandemDomainTests",
            dependencies: ["TandemDomain", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictImports
        ),
        .testTarget(
            name: "TandemAdaptersTests",
            dependencies: [
                "TandemAdapters", "TandemContract", "TandemDomain", "TandemServices", "TandemStorage", "TandemCLI",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictImports
        ),
        .testTarget(name: "TandemContractTests", dependencies: ["TandemContract"], swiftSettings: strictImports),
        .testTarget(
            name: "TandemStorageTests",
            dependencies: [
                "TandemStorage", "TandemPorts", "TandemContract", "TandemDomain", "TandemEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictImports
        ),
        .testTarget(name: "TandemDisclosureTests", dependencies: ["TandemDisclosure", "TandemDomain"], swiftSettings: strictImports),
        .testTarget(
            name: "TandemEngineTests",
            dependencies: ["TandemEngine", "TandemDisclosure", "TandemDomain", "TandemContract"],
            swiftSettings: strictImports
        ),
        .testTarget(
            name: "TandemServicesTests",
            dependencies: [
                "TandemServices", "TandemStorage", "TandemPorts", "TandemCLI", "TandemEngine", "TandemDomain", "TandemContract", "TandemDemo",
                "TandemWeb", "TandemDisclosure", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictImports
        ),
        .testTarget(
            name: "TandemWebTests",
            dependencies: [
                "TandemWeb", "TandemServices", "TandemStorage", "TandemPorts", "TandemDomain", "TandemContract",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictImports
        ),
    ]
)
