import Foundation
import NoticeKit
import Testing

/// Builds fixture sites with the real theme and compares every output file with the committed
/// copy in `Fixtures/NAME/expected/`. After an intended change, re-record with
/// `NOTICES_RECORD=1 swift test --filter GoldenSiteTests` and review the diff.
@Suite struct GoldenSiteTests {
    @Test(arguments: ["basic"])
    func fixtureSiteMatchesCommittedOutput(name: String) throws {
        let fixture = Paths.fixtures.appendingPathComponent(name)
        let files = try buildWithRealTheme(fixture)
        let expectedFolder = fixture.appendingPathComponent("expected")
        if ProcessInfo.processInfo.environment["NOTICES_RECORD"] != nil {
            try? FileManager.default.removeItem(at: expectedFolder)
            for file in files {
                let url = expectedFolder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url)
            }
            return
        }
        let expected = try Paths.listFiles(in: expectedFolder)
        #expect(files.map(\.path) == expected, "file list differs; re-record with NOTICES_RECORD=1 if intended")
        for file in files where expected.contains(file.path) {
            let want = try String(contentsOf: expectedFolder.appendingPathComponent(file.path), encoding: .utf8)
            let got = String(decoding: file.bytes, as: UTF8.self)
            if got != want {
                Issue.record("\(file.path) differs from the committed output:\n\(Paths.firstDifference(want, got))")
            }
        }
    }
}

/// Builds a fixture site's content with the repository's own templates.
func buildWithRealTheme(_ fixture: URL, time: BuildTime = fixedNow, threads: Int = 2) throws -> [OutputFile] {
    var sources = SiteReader(root: fixture).read()
    let theme = SiteReader(root: Paths.repository).read()
    sources.templates = theme.templates
    sources.strings = theme.strings
    sources.assets = theme.assets
    let prepared = Build.prepare(sources, options: Build.Options(time: time, threads: threads))
    let (files, diagnostics) = (Build.render(prepared, threads: threads), prepared.diagnostics)
    #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted.map(\.description))")
    return try #require(files)
}

/// 2026-11-29T12:00:00+01:00: fixture sites are built at a fixed moment, like a CI build with --now.
let fixedNow = BuildTime(now: 1_795_950_000)

enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func listFiles(in folder: URL) throws -> [String] {
        guard
            let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var result: [String] = []
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in enumerator
        where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            result.append(String(url.standardizedFileURL.path.dropFirst(base.count)))
        }
        return result.sorted()
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? String(left[index]) : "<end>"
            let r = index < right.count ? String(right[index]) : "<end>"
            if l != r { return "line \(index + 1)\n- expected: \(l)\n+ actual:   \(r)" }
        }
        return "(no line differs)"
    }
}
