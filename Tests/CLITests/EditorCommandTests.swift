import Foundation
import Testing

/// `notices new` and `notices check`, run as the real binary on sites in temporary folders.
@Suite struct EditorCommandTests {
    static let catalog = "- { id: drkcms-v7, name: DRKCMS v7, since: 2017 }\n- { id: drkcms-v9, name: DRKCMS v9, since: 2019 }\n"

    private func site() throws -> TemporarySite {
        let site = try TemporarySite()
        try site.write("content/products.yml", Self.catalog)
        try site.copyTheme()
        return site
    }

    // MARK: new

    @Test func newWritesTheNoticeThatThenChecksAndBuilds() throws {
        let site = try site()
        let result = try run(["new", "Wartung am Mailserver", "--category", "wartung", "--products", "drkcms-v7,drkcms-v9",
                              "--date", "2026-12-01", "--site", site.url.path])
        #expect(result.status == 0, "\(result.stderr)")
        let relative = "content/notices/2026/wartung-am-mailserver.md"
        #expect(result.stdout == site.url.path + "/" + relative + "\n")
        let text = try String(contentsOf: site.url.appendingPathComponent(relative), encoding: .utf8)
        #expect(text.hasPrefix("---\ntitle: \"Wartung am Mailserver\"\ndate: 2026-12-01\ncategory: wartung\nproducts: [drkcms-v7, drkcms-v9]\n"))
        #expect(text.contains("\n## Zeitplan\n"))

        let check = try run(["check", "--site", site.url.path, "--now", "2026-12-02T00:00"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("Prüfung bestanden: 1 Meldung"))
        let build = try run(["build", "--site", site.url.path, "--now", "2026-12-02T00:00"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public/meldungen/2026/wartung-am-mailserver/index.html").path))
    }

    @Test func newUsesTodayInTheSiteTimeZone() throws {
        let site = try site()
        // 2026-12-31T23:30:00Z is already New Year's Day in Berlin.
        let result = try run(["new", "Frohes neues Jahr", "--category", "info", "--products", "all", "--site", site.url.path],
                             environment: ["SOURCE_DATE_EPOCH": "1798759800"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: site.url.appendingPathComponent("content/notices/2027/frohes-neues-jahr.md"), encoding: .utf8)
        #expect(text.contains("\ndate: 2027-01-01\n"))
    }

    @Test func newRefusesToOverwrite() throws {
        let site = try site()
        try site.write("content/notices/2026/wartung-am-mailserver.md", "meine Arbeit")
        let result = try run(["new", "Wartung am Mailserver", "--category", "wartung", "--products", "drkcms-v7",
                              "--date", "2026-12-01", "--site", site.url.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "notices: error: \(site.url.path)/content/notices/2026/wartung-am-mailserver.md gibt es schon; nichts wurde geschrieben (wählen Sie einen anderen Titel oder geben Sie --slug an) [new-datei-existiert]\n")
        #expect(try String(contentsOf: site.url.appendingPathComponent("content/notices/2026/wartung-am-mailserver.md"), encoding: .utf8) == "meine Arbeit")
    }

    @Test func newRefusesAFileNameWithTheSameURL() throws {
        let site = try site()
        try site.write("content/notices/2026/Wartung_am_Mailserver.md", "meine Arbeit")
        let result = try run(["new", "Wartung am Mailserver", "--category", "wartung", "--products", "drkcms-v7",
                              "--date", "2026-12-01", "--site", site.url.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Wartung_am_Mailserver.md hat schon die Adresse dieser Meldung"))
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("content/notices/2026/wartung-am-mailserver.md").path))
    }

    @Test func newSuggestsTheNearestProductAndCategory() throws {
        let site = try site()
        let result = try run(["new", "Störung", "--category", "stoerng", "--products", "drkcms-v8", "--products", "DRKCMS-V9",
                              "--site", site.url.path])
        #expect(result.status == 1)
        #expect(result.stderr == """
        notices: error: unbekannte Kategorie 'stoerng' (meinten Sie 'stoerung'?); Kategorien: stoerung, wartung, sicherheit, info [unbekannte-kategorie]
        notices: error: unbekanntes Produkt 'drkcms-v8' (meinten Sie 'drkcms-v7' oder 'drkcms-v9'?); siehe content/products.yml [unbekanntes-produkt]
        notices: error: unbekanntes Produkt 'DRKCMS-V9' (meinten Sie 'drkcms-v9'? Ids werden kleingeschrieben); siehe content/products.yml [unbekanntes-produkt]

        """)
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("content/notices").path))
    }

    @Test func newRefusesAnUnreadableDate() throws {
        let site = try site()
        let result = try run(["new", "Test", "--category", "info", "--products", "all", "--date", "morgen", "--site", site.url.path])
        #expect(result.status == 1)
        #expect(result.stderr == "notices: error: --date muss ein Datum sein wie 2026-12-01 oder 2026-12-01T09:30 (gefunden: 'morgen') [new-ungueltiges-datum]\n")
    }

    // MARK: check

    @Test func checkPassesACleanSiteAndWritesNothing() throws {
        let site = try site()
        try site.write("content/notices/2020/a.md", "---\ntitle: A\ndate: 2020-01-02\ncategory: info\nproducts: [all]\n---\nText\n")
        let result = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("notices: Prüfung bestanden: 1 Meldung, "))
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public").path))
    }

    @Test func checkFailsOnErrorsWithEveryDiagnosticSorted() throws {
        let site = try site()
        try site.write("content/notices/2016/b.md", "---\ntitle: B\ndate: April\ncategory: info\nproducts: [drkcms-v8]\n---\nText\n")
        try site.write("content/notices/2016/a.md", "---\ntitle: [kaputt\n---\n")
        let result = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
        content/notices/2016/a.md:3:1: error: YAML-Syntaxfehler: did not find expected ',' or ']' (while parsing a flow sequence in Zeile 2) [yaml-syntaxfehler]
        content/notices/2016/b.md:3:7: error: 'date' muss ein Datum sein wie 2016-04-20 oder 2016-04-20T09:30:00+02:00 (gefunden: 'April') [ungueltiges-datum]
        content/notices/2016/b.md:5:12: error: unbekanntes Produkt 'drkcms-v8' (meinten Sie 'drkcms-v7' oder 'drkcms-v9'?); siehe content/products.yml [unbekanntes-produkt]
        3 Fehler

        """)
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public").path))
    }

    @Test func strictTurnsWarningsIntoFailure() throws {
        let site = try site()
        try site.write("content/notices/2020/a.md",
                       "---\ntitle: A\ndate: 2020-01-02\ncategory: stoerung\nproducts: [all]\nstatus: resolved\n---\nText\n")
        let warning = "content/notices/2020/a.md:6:9: warning: 'status: resolved' ohne 'resolved_at': die Meldung sagt \"Behoben\" ohne Datum [behoben-ohne-datum]\n1 Warnung\n"
        let lenient = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.hasPrefix(warning))
        let strict = try run(["check", "--strict", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(strict.status == 1)
        #expect(strict.stderr == warning + "notices: Prüfung fehlgeschlagen: mit --strict zählen Warnungen als Fehler\n")
    }

    @Test func checkWarnsAboutProductsNoNoticeConcerns() throws {
        let site = try site()
        try site.write("content/notices/2020/a.md", "---\ntitle: A\ndate: 2020-01-02\ncategory: info\nproducts: [drkcms-v7]\n---\nText\n")
        let result = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(result.status == 0)
        #expect(result.stderr.hasPrefix("content/products.yml:2:9: warning: keine Meldung betrifft das Produkt 'drkcms-v9' (DRKCMS v9 (ab 2019)); seine Übersicht sagt das, aber prüfen Sie die Id [produkt-ohne-meldung]\n1 Warnung\n"))
    }

    @Test func checkAnnotatesOnGitHubActions() throws {
        let site = try site()
        try site.write("content/notices/2016/b.md", "---\ntitle: B\ndate: April\ncategory: info\nproducts: [drkcms-v8]\n---\nText\n")
        try site.write("content/notices/2020/a.md",
                       "---\ntitle: A\ndate: 2020-01-02\ncategory: stoerung\nproducts: [all]\nstatus: resolved\n---\nText\n")
        let workspace = site.url.deletingLastPathComponent().path
        let result = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace])
        #expect(result.status == 1)
        let prefix = site.url.lastPathComponent + "/"
        #expect(result.stdout == """
        ::error file=\(prefix)content/notices/2016/b.md,line=3,col=7::'date' muss ein Datum sein wie 2016-04-20 oder 2016-04-20T09:30:00+02:00 (gefunden: 'April') [ungueltiges-datum]
        ::error file=\(prefix)content/notices/2016/b.md,line=5,col=12::unbekanntes Produkt 'drkcms-v8' (meinten Sie 'drkcms-v7' oder 'drkcms-v9'?); siehe content/products.yml [unbekanntes-produkt]
        ::warning file=\(prefix)content/notices/2020/a.md,line=6,col=9::'status: resolved' ohne 'resolved_at': die Meldung sagt "Behoben" ohne Datum [behoben-ohne-datum]

        """)
        let plain = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": "false"])
        #expect(plain.stdout.isEmpty)
        #expect(plain.stderr == result.stderr)
    }
}
