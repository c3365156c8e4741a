// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// The parent package's identity is the name of its directory, whatever the checkout is called.
let topChef = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

// A quick A/B probe of group commit (see main.swift): builds in a few minutes, runs in seconds, and
// reports the writer thread's CPU per event, which drifts far less than durable throughput does.
//   cd tools/group-commit-probe && swift build -c release && .build/release/GroupCommitProbe 1000000
let package = Package(
    name: "GroupCommitProbe",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "GroupCommitProbe",
            dependencies: [
                .product(name: "EventStore", package: topChef),
                .product(name: "TopChefCore", package: topChef),
            ]
        )
    ]
)
