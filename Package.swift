// swift-tools-version:6.1
import PackageDescription

/// Strict settings for every target: Swift 6 language mode (the default for tools 6.x) with
/// complete concurrency checking; `ExistentialAny` keeps protocol existentials explicit.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "ldapsync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ldapsync", targets: ["ldapsync"]),
        .library(name: "LDAPClient", targets: ["LDAPClient"]),
        .library(name: "LDAPProtocol", targets: ["LDAPProtocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // libldap + liblber, and a shim for what Swift cannot import.
        .systemLibrary(
            name: "CLDAP",
            pkgConfig: "ldap",
            providers: [.apt(["libldap2-dev", "libsasl2-dev"])]
        ),
        // libpq, PostgreSQL's client library: synchronous like the store's sessions, TLS,
        // nothing to compile (postgres-nio would add minutes to a clean build and an event loop).
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // LDAP without a connection: BER, DNs, filters, controls, results, password codecs.
        // Pure Swift: what the engine needs of LDAP, without linking libldap.
        .target(name: "LDAPProtocol", swiftSettings: strict),
        // The only Swift code that touches CLDAP: the connection.
        .target(name: "LDAPClient", dependencies: ["CLDAP", "LDAPProtocol"], swiftSettings: strict),
        // The sync rules' expression language: parsed, type-checked and compiled once; no I/O.
        .target(name: "RuleLanguage", dependencies: ["LDAPProtocol"], swiftSettings: strict),
        // Configuration, model, rules and run logic; no I/O of its own.
        .target(
            name: "SyncEngine",
            dependencies: [
                "LDAPProtocol", "RuleLanguage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // SQLite persistence (GRDB) of connector spaces, metaverse, runs and events; the tables
        // every store holds, and copying a state from one store to another (verified).
        .target(
            name: "SyncStore",
            dependencies: ["SyncEngine", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // PostgreSQL persistence of the same state (libpq), and copying a state between stores.
        .target(
            name: "PostgresStore",
            dependencies: ["CPostgres", "SyncEngine", "SyncStore", "Credentials"],
            swiftSettings: strict
        ),
        // Encrypted credential store (AES-GCM).
        .target(
            name: "Credentials",
            dependencies: ["LDAPProtocol", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Import and export against real directories through LDAPClient.
        .target(
            name: "Connectors",
            dependencies: ["LDAPClient", "LDAPProtocol", "SyncEngine", "Credentials", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Every admin action, once: in-process (`LocalOperations`) or through a running service's
        // API (`ServiceOperations`). The command line, the API, the console and the scheduler
        // are adapters over it.
        .target(
            name: "Operations",
            dependencies: ["LDAPProtocol", "SyncEngine", "Credentials", "Connectors", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The service's admin API and metrics endpoint (Hummingbird).
        .target(
            name: "SyncService",
            dependencies: [
                "SyncEngine", "Credentials", "Connectors", "Operations",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ldapsync",
            dependencies: [
                "LDAPClient", "SyncEngine", "SyncStore", "PostgresStore", "Credentials", "Connectors", "Operations", "SyncService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Test helpers shared by the test targets (a configuration builder).
        .target(name: "TestSupport", swiftSettings: strict),
        // Benchmark driver for `make bench` (release build).
        .executableTarget(name: "ldapsync-bench", dependencies: ["LDAPClient", "LDAPProtocol"], swiftSettings: strict),
        .testTarget(name: "LDAPProtocolTests", dependencies: ["LDAPProtocol"], swiftSettings: strict),
        .testTarget(name: "LDAPClientTests", dependencies: ["LDAPClient", "LDAPProtocol"], swiftSettings: strict),
        .testTarget(name: "RuleLanguageTests", dependencies: ["RuleLanguage"], swiftSettings: strict),
        .testTarget(
            name: "OperationsTests", dependencies: ["Operations", "SyncEngine", "SyncStore", "Credentials", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SyncStoreTests", dependencies: ["SyncStore", "PostgresStore", "SyncEngine", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .testTarget(
            name: "ConnectorsTests", dependencies: ["Connectors", "SyncEngine", "SyncStore", "LDAPClient", "LDAPProtocol", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SyncServiceTests",
            dependencies: [
                "SyncService", "SyncEngine", "Connectors", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict),
        .testTarget(name: "SyncEngineTests", dependencies: ["SyncEngine", "SyncStore"], swiftSettings: strict),
        .testTarget(name: "CredentialsTests", dependencies: ["Credentials"], swiftSettings: strict),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "LDAPClient", "LDAPProtocol", "RuleLanguage", "SyncEngine", "SyncStore", "PostgresStore", "Credentials", "Connectors", "Operations",
                "SyncService", "TestSupport",
            ],
            swiftSettings: strict
        ),
    ]
)
