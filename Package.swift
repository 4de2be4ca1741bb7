// swift-tools-version:6.1
import PackageDescription

/// Strict settings for every target: Swift 6 language mode is the default for tools 6.x;
/// `ExistentialAny` keeps protocol existentials explicit.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ldapsync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ldapsync", targets: ["ldapsync"]),
        .library(name: "LDAPClient", targets: ["LDAPClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLDAP",
            pkgConfig: "ldap",
            providers: [.apt(["libldap2-dev", "libsasl2-dev"])]
        ),
        .target(name: "LDAPClient", dependencies: ["CLDAP"], swiftSettings: strict),
        .executableTarget(
            name: "ldapsync",
            dependencies: [
                "LDAPClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "LDAPClientTests", dependencies: ["LDAPClient"], swiftSettings: strict),
        .testTarget(name: "IntegrationTests", dependencies: ["LDAPClient"], swiftSettings: strict),
    ]
)
