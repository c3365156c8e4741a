// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// The parent package's identity is the name of its directory, whatever the checkout is called.
let topChef = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

// Benchmarks live in their own package so that the main build stays lean. Run them with
//   cd Benchmarks && swift package benchmark
// (package-benchmark; see README.md for the figures and the machine they were measured on).
let package = Package(
    name: "TopChefBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EventStoreBenchmarks",
            dependencies: [
                .product(name: "EventStore", package: topChef),
                .product(name: "TopChefCore", package: topChef),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EventStoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "JSONSchemaBenchmarks",
            dependencies: [
                .product(name: "JSONSchema", package: topChef),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/JSONSchemaBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
