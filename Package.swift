// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Forbear",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ForbearCore", targets: ["ForbearCore"])
    ],
    targets: [
        // Pure domain: no I/O beyond reading its own bundled data (rule packs, protocols, …), no framework imports.
        .target(
            name: "ForbearCore",
            resources: [.copy("Resources")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "ForbearCoreTests",
            dependencies: ["ForbearCore"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
