import Foundation
import NoticeKit
import Testing

/// The status files of `Fixtures/status` at two moments, against committed copies: on
/// 2026-11-28 an ongoing critical disruption on `drkcms` makes every DRKCMS node `outage`; on
/// 2026-11-29 it has expired and a running window on `drkcms-v7` makes v7 `maintenance`, its
/// ancestor `drkcms` `maintenance` (partial) and every other DRKCMS node `ok`. Re-record with
/// `NOTICES_RECORD=1 swift test --filter StatusGoldenTests` and review the diff.
@Suite struct StatusGoldenTests {
    static let moments: [(folder: String, now: Int64)] = [
        ("expected-outage", 1_795_950_000 - 24 * 3600),  // 2026-11-28T12:00:00+01:00
        ("expected-maintenance", 1_795_950_000),  // 2026-11-29T12:00:00+01:00
    ]

    static func isStatusFile(_ path: String) -> Bool {
        path == "status.json" || path == "status-texts.json" || path.hasSuffix("/status.json")
            || path.hasSuffix("/status.svg")
    }

    @Test(arguments: StatusGoldenTests.moments.map(\.folder))
    func statusFilesMatchCommittedOutput(folder: String) throws {
        let now = try #require(Self.moments.first { $0.folder == folder }).now
        let fixture = Paths.fixtures.appendingPathComponent("status")
        let files = try buildWithRealTheme(fixture, time: BuildTime(now: now)).filter { Self.isStatusFile($0.path) }
        let expectedFolder = fixture.appendingPathComponent(folder)
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
            if got != want { Issue.record("\(folder)/\(file.path) differs:\n\(Paths.firstDifference(want, got))") }
        }
    }

    /// The roll-up the committed files show, stated here so a re-record cannot silently change it.
    @Test func committedStatesAreTheDocumentedRollUp() throws {
        func states(_ folder: String) throws -> [String: String] {
            let url = Paths.fixtures.appendingPathComponent("status/\(folder)/status.json")
            let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            let nodes = try #require(root["nodes"] as? [[String: Any]])
            return Dictionary(
                uniqueKeysWithValues: nodes.map { node in
                    (node["id"] as! String, (node["state"] as! String) + ((node["partial"] as! Bool) ? " partial" : ""))
                })
        }
        let drkcms = [
            "drkcms", "drkcms-v6", "drkcms-v6-brk", "drkcms-v6-lv", "drkcms-v6-ov", "drkcms-v6-kv", "drkcms-v7",
            "drkcms-v9",
        ]
        let outage = try states("expected-outage")
        for id in drkcms { #expect(outage[id] == "outage", "\(id)") }
        #expect(outage["jrkcms-v6"] == "degraded" && outage["jrkcms"] == "degraded partial")
        let maintenance = try states("expected-maintenance")
        #expect(maintenance["drkcms-v7"] == "maintenance")
        #expect(maintenance["drkcms"] == "maintenance partial")
        for id in drkcms where id != "drkcms" && id != "drkcms-v7" { #expect(maintenance[id] == "ok", "\(id)") }
    }
}
