// swift-tools-version:6.0
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Forbear",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "forbear", targets: ["forbear"]),
        .library(name: "ForbearCore", targets: ["ForbearCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // Pure domain: no I/O beyond reading its own bundled data (rule packs, protocols, …), no framework imports.
        .target(name: "ForbearCore", resources: [.copy("Resources")], swiftSettings: swift6),
        // Rows and SQL: the only target that imports SQLKit and the database drivers.
        .target(
            name: "ForbearStore",
            dependencies: [
                "ForbearCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swift6),
        // Batch work as plain async functions: imports, the daily cycle, demo data.
        .target(
            name: "ForbearJobs",
            dependencies: [
                "ForbearCore", "ForbearStore", "ForbearLetters", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swift6),
        // HTTP: the only target that imports Hummingbird.
        .target(
            name: "ForbearServer",
            dependencies: [
                "ForbearCore", "ForbearStore", "ForbearJobs", "ForbearLetters",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swift6),
        // Letters: templates, the letter lint and the PDF writer. Pure Swift, no framework imports.
        .target(
            name: "ForbearLetters",
            dependencies: ["ForbearCore", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Resources")], swiftSettings: swift6),
        .executableTarget(
            name: "forbear",
            dependencies: [
                "ForbearCore", "ForbearStore", "ForbearJobs", "ForbearServer", "ForbearLetters",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ],
            swiftSettings: swift6),
        // What several test targets share: running a command-line tool, closing a test database.
        .target(
            name: "ForbearTestSupport", dependencies: ["ForbearStore", "ForbearJobs"], path: "Tests/ForbearTestSupport",
            swiftSettings: swift6),
        .testTarget(name: "ForbearCoreTests", dependencies: ["ForbearCore"], swiftSettings: swift6),
        .testTarget(
            name: "ForbearLettersTests", dependencies: ["ForbearLetters", "ForbearCore", "ForbearTestSupport"],
            swiftSettings: swift6),
        .testTarget(
            name: "ForbearStoreTests",
            dependencies: [
                "ForbearStore", "ForbearCore", "ForbearTestSupport", .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swift6),
        .testTarget(
            name: "ForbearJobsTests",
            dependencies: ["ForbearJobs", "ForbearStore", "ForbearLetters", "ForbearCore", "ForbearTestSupport"],
            swiftSettings: swift6),
        .testTarget(
            name: "ForbearServerTests",
            dependencies: [
                "ForbearServer", "ForbearJobs", "ForbearStore", "ForbearCore", "ForbearTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swift6),
    ]
)
