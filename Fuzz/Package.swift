// swift-tools-version: 6.0
// libFuzzer targets: front matter + Markdown + rendering, and the Mustache engine alone (see docs/fuzzing.md).
// Build only with the fuzzer flags, e.g. through Fuzz/run.sh:
//   swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder (lower case): `main` for /work/main,
/// `notices` for a clone into notices/. Computed so the package builds from any checkout folder.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "NoticesFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "NoticesFuzz",
            dependencies: ["FuzzEntry", .product(name: "NoticeKit", package: mainPackage)]
        ),
        // The Mustache engine alone.
        .executableTarget(
            name: "MustacheFuzz",
            dependencies: ["FuzzEntry", .product(name: "Mustache", package: mainPackage)]
        ),
        // `NoticesFuzz_main` and `MustacheFuzz_main`, the entry points SwiftPM's Linux link lines
        // name; each calls libFuzzer.
        .target(name: "FuzzEntry"),
    ],
    swiftLanguageModes: [.v6]
)
