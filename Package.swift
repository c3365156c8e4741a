// swift-tools-version: 6.1
import PackageDescription

/// One set of settings for every Swift target, so that the whole package compiles the same way.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "TopChef",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "topchef", targets: ["topchef"]),
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
        .library(name: "LMDB", targets: ["LMDB"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "TopChefCore", targets: ["TopChefCore"]),
        .library(name: "TopChefHTTP", targets: ["TopChefHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        .target(name: "LMDB", dependencies: ["CLMDB"]),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "JSONSchema"),
        .target(
            name: "EventStore",
            dependencies: [
                "LMDB",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TopChefCore",
            dependencies: [
                "EventStore",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TopChefHTTP",
            dependencies: [
                "TopChefCore",
                "JSONSchema",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Verification and snapshot export of a log (JSONL, CSV, SQLite) for the topchef CLI.
        .target(name: "TopChefTools", dependencies: ["TopChefCore", "EventStore", "LMDB", "CSQLite"]),
        .executableTarget(
            name: "topchef",
            dependencies: [
                "TopChefHTTP",
                "TopChefCore",
                "TopChefTools",
                "EventStore",
                "JSONSchema",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Measured (docs/PERFORMANCE.md, "Stop 15"): glibc's malloc and free took about a tenth of a
            // submission's CPU. jemalloc (Debian's libjemalloc-dev, installed by tools/setup.sh) replaces it in
            // every build, so the tests run the allocator the server runs.
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        // A tiny executable that appends events as fast as it can; the crash tests kill it with SIGKILL.
        .executableTarget(name: "CrashWriter", dependencies: ["TopChefCore", "EventStore"]),
        // Helpers shared by the test targets: temporary directories, locating built executables.
        .target(name: "TestSupport", dependencies: ["EventStore", "LMDB"], path: "Tests/TestSupport"),
        .testTarget(name: "LMDBTests", dependencies: ["LMDB", "TestSupport"]),
        .testTarget(
            name: "JSONSchemaTests", dependencies: ["JSONSchema", "TestSupport"], exclude: ["DIFFERENTIAL.md"]),
        .testTarget(name: "EventStoreTests", dependencies: ["EventStore", "LMDB", "TestSupport"]),
        .testTarget(
            name: "TopChefCoreTests",
            dependencies: ["TopChefCore", "EventStore", "LMDB", "TestSupport", "CrashWriter"]
        ),
        .testTarget(
            name: "TopChefToolsTests",
            dependencies: ["TopChefTools", "TopChefCore", "EventStore", "LMDB", "TestSupport", "topchef"]
        ),
        .testTarget(
            name: "TopChefHTTPTests",
            dependencies: [
                "TopChefHTTP",
                "TopChefCore",
                "TestSupport",
                // The crash and restart tests run the real server.
                "topchef",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
