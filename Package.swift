// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Gazette",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Gazette", targets: ["Gazette"]),
        .library(name: "GazetteTools", targets: ["GazetteTools"]),
        .executable(name: "gazette", targets: ["GazetteCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The engine: what users link. Layered by folder (see .ci/check-layers).
        .target(
            name: "Gazette",
            dependencies: ["CSQLite"]
        ),
        // Benchmark runner, corpus generator and copy evaluation: for the CLI,
        // Benchmarks/ and the tests, not shipped in the Gazette product.
        .target(
            name: "GazetteTools",
            dependencies: ["Gazette"]
        ),
        .executableTarget(
            name: "GazetteCLI",
            dependencies: [
                "Gazette",
                "GazetteTools",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GazetteTests",
            dependencies: ["Gazette", "GazetteTools"],
            // Snowball's English reference vocabulary, so the stemmer's full test runs everywhere.
            resources: [.copy("Resources/snowball-english")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
