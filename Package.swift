// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Notices",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "notices", targets: ["notices"]),
        .library(name: "NoticeKit", targets: ["NoticeKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // cmark-gfm from the distribution (Debian: libcmark-gfm-dev, libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CMarkGFM",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The whole generator: no command-line parsing, no server.
        .target(
            name: "NoticeKit",
            dependencies: [
                "CMarkGFM",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The `notices` command: a thin shell over NoticeKit.
        .executableTarget(
            name: "notices",
            dependencies: [
                "NoticeKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NoticeKitTests", dependencies: ["NoticeKit"], exclude: ["Fixtures/mustache-spec"]),
        // Whole fixture sites against committed output (NOTICES_RECORD=1 re-records), and the bundled site.
        .testTarget(name: "SiteTests", dependencies: ["NoticeKit"], exclude: ["Fixtures"]),
        // The real binary: exit codes, messages, nothing written on error.
        .testTarget(name: "CLITests", dependencies: ["notices"]),
    ],
    swiftLanguageModes: [.v6]
)
