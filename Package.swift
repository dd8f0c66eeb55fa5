// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Gazette",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Gazette", targets: ["Gazette"]),
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
        .target(
            name: "Gazette",
            dependencies: ["CSQLite"]
        ),
        .executableTarget(
            name: "GazetteCLI",
            dependencies: [
                "Gazette",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/gazette"
        ),
        .testTarget(
            name: "GazetteTests",
            dependencies: ["Gazette"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
