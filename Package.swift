// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Notices",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "notices", targets: ["notices"]),
        .library(name: "NoticeKit", targets: ["NoticeKit"]),
        .library(name: "Mustache", targets: ["Mustache"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // cmark-gfm from the distribution (Debian: libcmark-gfm-dev, libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CMarkGFM",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The compiled Mustache engine (the Mustache spec is its contract); knows nothing of notices.
        .target(name: "Mustache"),
        // libcurl from the distribution (Debian: libcurl4-openssl-dev): SMTP and webhooks for `notify`.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Typed wrappers of libcurl's variadic curl_easy_setopt, which Swift cannot call.
        .target(name: "CurlShim", dependencies: ["CCurl"]),
        // The whole generator: no command-line parsing, no server.
        .target(
            name: "NoticeKit",
            dependencies: [
                "CMarkGFM",
                "Mustache",
                "CCurl",
                "CurlShim",
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["EmbedTheme"]
        ),
        // Turns templates/ into Swift source at build time (the built-in theme and messages).
        .executableTarget(name: "theme-embedder", path: "Sources/theme-embedder"),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["theme-embedder"]),
        // `notices serve`: builds in memory, serves over HTTP (FlyingFox), watches and live-reloads.
        .target(
            name: "NoticeServer",
            dependencies: [
                "NoticeKit",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        // The `notices` command: a thin shell over NoticeKit.
        .executableTarget(
            name: "notices",
            dependencies: [
                "NoticeKit",
                "NoticeServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NoticeKitTests", dependencies: ["NoticeKit", "Mustache"]),
        // The Mustache engine alone, with the Mustache spec's own cases.
        .testTarget(name: "MustacheTests", dependencies: ["Mustache"], exclude: ["mustache-spec"]),
        // Whole fixture sites against committed output (NOTICES_RECORD=1 re-records), and the bundled site.
        .testTarget(name: "SiteTests", dependencies: ["NoticeKit"], exclude: ["Fixtures"]),
        // The real binary: exit codes, messages, nothing written on error.
        .testTarget(name: "CLITests", dependencies: ["notices"]),
        // The preview server: in-process handler tests and the real `notices serve` end to end.
        .testTarget(
            name: "ServerTests",
            dependencies: ["NoticeServer", "NoticeKit", "notices", .product(name: "FlyingFox", package: "FlyingFox")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
