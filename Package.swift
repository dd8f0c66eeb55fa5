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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Named for NIOCore only (the bound address of `serve --port 0`); Hummingbird brings it anyway.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Snowball's stemmers (libstemmer ships no pkg-config file: a module map links it).
        .systemLibrary(
            name: "CStemmer",
            providers: [.apt(["libstemmer-dev"])]
        ),
        // Processor hints Swift cannot spell (a cache prefetch), header-only.
        .systemLibrary(name: "CPlatform"),
        // A C face for CLD2, Chrome's language detector, whose API is C++.
        .target(
            name: "CLanguageDetector",
            linkerSettings: [.linkedLibrary("cld2")]
        ),
        // The engine: what users link. Layered by folder (see .ci/check-layers).
        .target(
            name: "Gazette",
            dependencies: ["CSQLite", "CStemmer", "CLanguageDetector", "CPlatform"]
        ),
        // Benchmark runner, corpus generator and copy evaluation: for the CLI,
        // Benchmarks/ and the tests, not shipped in the Gazette product.
        .target(
            name: "GazetteTools",
            dependencies: ["Gazette"]
        ),
        // The HTTP server is its own target so the core library never depends on SwiftNIO.
        .target(
            name: "GazetteServer",
            dependencies: [
                "Gazette",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "GazetteCLI",
            dependencies: [
                "Gazette",
                "GazetteTools",
                "GazetteServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GazetteTests",
            dependencies: ["Gazette", "GazetteTools"],
            // Snowball's reference vocabularies (English, and ten more languages as word/stem pairs)
            // and the language-detection snippets, so the full tests run everywhere.
            resources: [
                .copy("Resources/snowball-english"),
                .copy("Resources/snowball-languages"),
                .copy("Resources/language-detection"),
            ]
        ),
        .testTarget(
            name: "GazetteServerTests",
            dependencies: [
                "GazetteServer",
                "Gazette",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
