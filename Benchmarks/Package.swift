// swift-tools-version: 6.1
// Gazette's micro and macro benchmarks (ordo-one/package-benchmark).
// A package of its own, with a path dependency on the root package, so the
// root's `swift build` / `swift test` never build package-benchmark.
//
//   cd Benchmarks && swift package benchmark
//
// The MallocInterposer trait is required here: the package's default trait
// pulls in a dependency the package mirror does not have.
import PackageDescription

let package = Package(
    name: "GazetteBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Gazette", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "GazetteBenchmarks",
            dependencies: [
                .product(name: "Gazette", package: "Gazette"),
                .product(name: "GazetteTools", package: "Gazette"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/GazetteBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
