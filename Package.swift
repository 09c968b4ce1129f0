// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "FirstCall",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "firstcall", targets: ["firstcall"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
    ],
    targets: [
        .target(name: "ContactCenter"),
        .target(
            name: "Routing",
            dependencies: ["ContactCenter", .product(name: "HeapModule", package: "swift-collections")]
        ),
        .target(name: "Knowledge"),
        .target(name: "Flows", dependencies: ["ContactCenter", "Knowledge"]),
        .target(name: "Analytics", dependencies: ["ContactCenter"]),
        .target(name: "Quality", dependencies: ["ContactCenter"]),
        .target(
            name: "Telephony",
            dependencies: [
                "ContactCenter",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Workforce",
            dependencies: [
                "Analytics", "ContactCenter", "Routing", .product(name: "HeapModule", package: "swift-collections"),
            ],
            // Planning math (simplex pivots, birth–death chains) runs 30–50× slower unoptimised;
            // optimising this one module keeps debug builds and the test suite fast.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "Storage",
            dependencies: [
                "Analytics",
                "ContactCenter",
                "Quality",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "FirstCallServer",
            dependencies: [
                "Workforce",
                "ContactCenter",
                "Routing",
                "Knowledge",
                "Flows",
                "Analytics",
                "Quality",
                "Telephony",
                "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "FirstCallDemo",
            dependencies: [
                "FirstCallServer", "Storage", "ContactCenter", "Telephony", "Flows",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "firstcall",
            dependencies: [
                "FirstCallServer",
                "FirstCallDemo",
                "Storage",
                "Routing",
                "Workforce",
                "Knowledge",
                "Flows",
                "Telephony",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ContactCenterTests", dependencies: ["ContactCenter"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "ContactCenter"]),
        .testTarget(name: "KnowledgeTests", dependencies: ["Knowledge"]),
        .testTarget(name: "FlowsTests", dependencies: ["Flows", "Knowledge", "ContactCenter"]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "ContactCenter"]),
        .testTarget(name: "QualityTests", dependencies: ["Quality", "ContactCenter"]),
        .testTarget(
            name: "TelephonyTests",
            dependencies: [
                "Telephony", "ContactCenter", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "WorkforceTests",
            dependencies: ["Workforce", "Routing", "ContactCenter"]
        ),
        .target(
            name: "StoreTestSupport",
            dependencies: ["Storage", .product(name: "PostgresKit", package: "postgres-kit")],
            path: "Tests/StoreTestSupport"
        ),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "ContactCenter", "StoreTestSupport"]),
        .testTarget(
            name: "FirstCallServerTests",
            dependencies: [
                "FirstCallServer",
                "FirstCallDemo",
                "Storage",
                "ContactCenter",
                "Knowledge",
                "StoreTestSupport",
                "Telephony",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
