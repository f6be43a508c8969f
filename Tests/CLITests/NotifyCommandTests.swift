import Foundation
import Testing

/// `notices changes` and `notices notify` as a user runs them: exit codes, messages, the record.
@Suite struct NotifyCommandTests {
    static let now = "2026-12-01T12:00:00+01:00"

    func site() throws -> TemporarySite {
        let site = try TemporarySite()
        try site.write("content/products.yml", "- { id: x, name: X }\n- { id: zz, name: ZZ }\n")
        try site.write(
            "content/notices/2026/a.md", "---\ntitle: A\ndate: 2026-11-02\ncategory: info\nproducts: [x]\n---\nText\n")
        try site.copyTheme()
        let build = try run(["build", "--site", site.url.path, "--now", Self.now])
        #expect(build.status == 0, "\(build.stderr)")
        try FileManager.default.copyItem(
            at: site.url.appendingPathComponent("public/notices.json"),
            to: site.url.appendingPathComponent("published.json"))
        try site.write(
            "content/notices/2026/b.md",
            "---\ntitle: B & <C>\ndate: 2026-12-01\ncategory: info\nproducts: [zz]\n---\nText\n")
        return site
    }

    @Test func changesPrintsTheNewNoticeAsJSON() throws {
        let site = try site()
        let result = try run([
            "changes", "--site", site.url.path, "--since", site.url.appendingPathComponent("published.json").path,
            "--now", Self.now,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let changes = try #require(document["changes"] as? [[String: Any]])
        #expect(changes.map { $0["key"] as? String } == ["new:2026/b"])
        #expect(changes.first?["products"] as? [String] == ["zz"])
        let withoutSince = try run(["changes", "--site", site.url.path, "--now", Self.now])
        #expect(withoutSince.stdout.contains("\"changes\": []"))
        let epoch = try run(["changes", "--site", site.url.path], environment: ["SOURCE_DATE_EPOCH": "1796122800"])
        #expect(epoch.stdout.contains("\"now\": \"2026-12-01T12:00:00+01:00\""), "\(epoch.stdout)")
    }

    @Test func unreadablePublishedFileIsAnErrorNamingIt() throws {
        let site = try site()
        let result = try run(["changes", "--site", site.url.path, "--since", "/nicht/da.json"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("/nicht/da.json: error: diese Datei lässt sich nicht lesen"))
        #expect(result.stdout.isEmpty)
    }

    @Test func notifyNamesTheFailedChannelAndKeepsWhatItOwes() throws {
        let site = try site()
        try site.write(
            "content/notify.yml",
            "channels:\n  - {name: hook, products: [zz], webhook_env: NOTICES_TEST_HOOK_UNSET, format: json}\n")
        let record = site.url.appendingPathComponent("announced.json").path
        let arguments = [
            "notify", "--site", site.url.path, "--since", site.url.appendingPathComponent("published.json").path,
            "--record", record, "--now", Self.now,
        ]
        let dry = try run(arguments + ["--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("=== channel 'hook': json webhook at $NOTICES_TEST_HOOK_UNSET"))
        #expect(dry.stdout.contains("\"key\":\"new:2026/b\""))
        #expect(!FileManager.default.fileExists(atPath: record))

        let failed = try run(arguments)
        #expect(failed.status == 1)
        #expect(
            failed.stderr.contains(
                "channel 'hook' failed: the environment variable NOTICES_TEST_HOOK_UNSET is not set (1 change kept for the next run)"
            ))
        let saved = try String(contentsOfFile: record, encoding: .utf8)
        #expect(saved.contains("\"owed\""))
        #expect(saved.contains("new:2026/b"))
    }

    @Test func checkReportsABrokenNotifyConfigurationBeforeAnyDeploy() throws {
        let site = try site()
        #expect(try run(["check", "--site", site.url.path]).status == 0)
        try site.write(
            "content/notify.yml", "channels:\n  - {name: hook, products: [zzz], webhook_env: HOOK, format: json}\n")
        let result = try run(["check", "--site", site.url.path])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "content/notify.yml:2:29: error: unbekanntes Produkt 'zzz' (meinten Sie 'zz'?) [kanal-unbekanntes-produkt]"
            ), "\(result.stderr)")
    }
}
