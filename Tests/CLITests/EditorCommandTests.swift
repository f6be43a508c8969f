import Foundation
import Testing

/// `notices new` and `notices check`, run as the real binary on sites in temporary folders.
@Suite struct EditorCommandTests {
    static let catalog =
        "- { id: drkcms-v7, name: DRKCMS v7, since: 2017 }\n- { id: drkcms-v9, name: DRKCMS v9, since: 2019 }\n"

    private func site() throws -> TemporarySite {
        let site = try TemporarySite()
        try site.write("content/products.yml", Self.catalog)
        try site.copyTheme()
        return site
    }

    // MARK: new

    @Test func newWritesTheNoticeThatThenChecksAndBuilds() throws {
        let site = try site()
        let result = try run([
            "new", "Wartung am Mailserver", "--category", "wartung", "--products", "drkcms-v7,drkcms-v9",
            "--date", "2026-12-01", "--site", site.url.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let relative = "content/notices/2026/wartung-am-mailserver.md"
        #expect(result.stdout == site.url.path + "/" + relative + "\n")
        let text = try String(contentsOf: site.url.appendingPathComponent(relative), encoding: .utf8)
        #expect(
            text.hasPrefix(
                "---\ntitle: \"Wartung am Mailserver\"\ndate: 2026-12-01\ncategory: wartung\nproducts: [drkcms-v7, drkcms-v9]\n"
            ))
        #expect(text.contains("\n## Zeitplan\n"))

        // Unfilled, the scaffold's placeholders stop check and build.
        let unfilled = try run(["check", "--site", site.url.path, "--now", "2026-12-02T00:00"])
        #expect(unfilled.status == 1)
        #expect(
            unfilled.stderr.contains("\(relative):12:29: error: Platzhalter noch nicht ersetzt: 'an … durch.'"),
            "\(unfilled.stderr)")
        #expect(unfilled.stderr.contains("\(relative):16:28: error: Platzhalter noch nicht ersetzt: 'TT. Monat JJJJ'"))
        #expect(try run(["build", "--site", site.url.path, "--now", "2026-12-02T00:00"]).status == 1)
        let head = String(text[..<text.range(of: "\n---\n")!.upperBound])
        try site.write(
            relative, head + "Sehr geehrte Kunden,\n\nwir warten am 3. Dezember 2026 ab 22:00 Uhr den Mailserver.\n")

        let check = try run(["check", "--site", site.url.path, "--now", "2026-12-02T00:00"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("Prüfung bestanden: 1 Meldung"))
        let build = try run(["build", "--site", site.url.path, "--now", "2026-12-02T00:00"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(
            FileManager.default.fileExists(
                atPath: site.url.appendingPathComponent("public/meldungen/2026/wartung-am-mailserver/index.html").path))
    }

    @Test func newUsesTodayInTheSiteTimeZone() throws {
        let site = try site()
        // 2026-12-31T23:30:00Z is already New Year's Day in Berlin.
        let result = try run(
            ["new", "Frohes neues Jahr", "--category", "info", "--products", "all", "--site", site.url.path],
            environment: ["SOURCE_DATE_EPOCH": "1798759800"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(
            contentsOf: site.url.appendingPathComponent("content/notices/2027/frohes-neues-jahr.md"), encoding: .utf8)
        #expect(text.contains("\ndate: 2027-01-01\n"))
    }

    @Test func newRefusesToOverwrite() throws {
        let site = try site()
        try site.write("content/notices/2026/wartung-am-mailserver.md", "meine Arbeit")
        let result = try run([
            "new", "Wartung am Mailserver", "--category", "wartung", "--products", "drkcms-v7",
            "--date", "2026-12-01", "--site", site.url.path,
        ])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "notices: error: \(site.url.path)/content/notices/2026/wartung-am-mailserver.md gibt es schon; nichts wurde geschrieben (wählen Sie einen anderen Titel oder geben Sie --slug an) [new-datei-existiert]\n"
        )
        #expect(
            try String(
                contentsOf: site.url.appendingPathComponent("content/notices/2026/wartung-am-mailserver.md"),
                encoding: .utf8) == "meine Arbeit")
    }

    @Test func newRefusesAFileNameWithTheSameURL() throws {
        let site = try site()
        try site.write("content/notices/2026/Wartung_am_Mailserver.md", "meine Arbeit")
        let result = try run([
            "new", "Wartung am Mailserver", "--category", "wartung", "--products", "drkcms-v7",
            "--date", "2026-12-01", "--site", site.url.path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Wartung_am_Mailserver.md hat schon die Adresse dieser Meldung"))
        #expect(
            !FileManager.default.fileExists(
                atPath: site.url.appendingPathComponent("content/notices/2026/wartung-am-mailserver.md").path))
    }

    @Test func newSuggestsTheNearestProductAndCategory() throws {
        let site = try site()
        let result = try run([
            "new", "Störung", "--category", "stoerng", "--products", "drkcms-v8", "--products", "DRKCMS-V9",
            "--site", site.url.path,
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr == """
                notices: error: unbekannte Kategorie 'stoerng' (meinten Sie 'stoerung'?); Kategorien: stoerung, wartung, sicherheit, info [unbekannte-kategorie]
                notices: error: unbekanntes Produkt 'drkcms-v8' (meinten Sie 'drkcms-v7' oder 'drkcms-v9'?); siehe content/products.yml [unbekanntes-produkt]
                notices: error: unbekanntes Produkt 'DRKCMS-V9' (meinten Sie 'drkcms-v9'? Ids werden kleingeschrieben); siehe content/products.yml [unbekanntes-produkt]

                """)
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("content/notices").path))
    }

    @Test func newRefusesAnUnreadableDate() throws {
        let site = try site()
        let result = try run([
            "new", "Test", "--category", "info", "--products", "all", "--date", "morgen", "--site", site.url.path,
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "notices: error: --date muss ein Datum sein wie 2026-12-01 oder 2026-12-01T09:30 (gefunden: 'morgen') [new-ungueltiges-datum]\n"
        )
    }

    // MARK: check

    @Test func checkPassesACleanSiteAndWritesNothing() throws {
        let site = try site()
        try site.write(
            "content/notices/2020/a.md", "---\ntitle: A\ndate: 2020-01-02\ncategory: info\nproducts: [all]\n---\nText\n"
        )
        let result = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("notices: Prüfung bestanden: 1 Meldung, "))
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public").path))
    }

    @Test func checkFailsOnErrorsWithEveryDiagnosticSorted() throws {
        let site = try site()
        try site.write(
            "content/notices/2016/b.md",
            "---\ntitle: B\ndate: April\ncategory: info\nproducts: [drkcms-v8]\n---\nText\n")
        try site.write("content/notices/2016/a.md", "---\ntitle: [kaputt\n---\n")
        let result = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr == """
                content/notices/2016/a.md:3:1: error: YAML-Syntaxfehler: did not find expected ',' or ']' (while parsing a flow sequence in Zeile 2) [yaml-syntaxfehler]
                content/notices/2016/b.md:3:7: error: 'date' muss ein Datum sein wie 2016-04-20 oder 2016-04-20T09:30:00+02:00 (gefunden: 'April') [ungueltiges-datum]
                content/notices/2016/b.md:5:12: error: unbekanntes Produkt 'drkcms-v8' (meinten Sie 'drkcms-v7' oder 'drkcms-v9'?); siehe content/products.yml [unbekanntes-produkt]
                3 Fehler

                """)
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public").path))
    }

    @Test func strictTurnsWarningsIntoFailure() throws {
        let site = try site()
        try site.write(
            "content/notices/2020/a.md",
            "---\ntitle: A\ndate: 2020-01-02\ncategory: stoerung\nproducts: [all]\nstatus: resolved\n---\nText\n")
        let warning =
            "content/notices/2020/a.md:6:9: warning: 'status: resolved' ohne 'resolved_at': die Meldung sagt \"Behoben\" ohne Datum [behoben-ohne-datum]\n1 Warnung\n"
        let lenient = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.hasPrefix(warning))
        let strict = try run(["check", "--strict", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(strict.status == 1)
        #expect(
            strict.stderr == warning + "notices: Prüfung fehlgeschlagen: mit --strict zählen Warnungen als Fehler\n")
    }

    @Test func checkWarnsAboutProductsNoNoticeConcerns() throws {
        let site = try site()
        try site.write(
            "content/notices/2020/a.md",
            "---\ntitle: A\ndate: 2020-01-02\ncategory: info\nproducts: [drkcms-v7]\n---\nText\n")
        let result = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(result.status == 0)
        #expect(
            result.stderr.hasPrefix(
                "content/products.yml:2:9: warning: keine Meldung betrifft das Produkt 'drkcms-v9' (DRKCMS v9 (ab 2019)); seine Übersicht sagt das, aber prüfen Sie die Id [produkt-ohne-meldung]\n1 Warnung\n"
            ))
    }

    @Test func checkAnnotatesOnGitHubActions() throws {
        let site = try site()
        try site.write(
            "content/notices/2016/b.md",
            "---\ntitle: B\ndate: April\ncategory: info\nproducts: [drkcms-v8]\n---\nText\n")
        try site.write(
            "content/notices/2020/a.md",
            "---\ntitle: A\ndate: 2020-01-02\ncategory: stoerung\nproducts: [all]\nstatus: resolved\n---\nText\n")
        let workspace = site.url.deletingLastPathComponent().path
        let result = try run(
            ["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace])
        #expect(result.status == 1)
        let prefix = site.url.lastPathComponent + "/"
        #expect(
            result.stdout == """
                ::error file=\(prefix)content/notices/2016/b.md,line=3,col=7::'date' muss ein Datum sein wie 2016-04-20 oder 2016-04-20T09:30:00+02:00 (gefunden: 'April') [ungueltiges-datum]
                ::error file=\(prefix)content/notices/2016/b.md,line=5,col=12::unbekanntes Produkt 'drkcms-v8' (meinten Sie 'drkcms-v7' oder 'drkcms-v9'?); siehe content/products.yml [unbekanntes-produkt]
                ::warning file=\(prefix)content/notices/2020/a.md,line=6,col=9::'status: resolved' ohne 'resolved_at': die Meldung sagt "Behoben" ohne Datum [behoben-ohne-datum]

                """)
        let plain = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": "false"])
        #expect(plain.stdout.isEmpty)
        #expect(plain.stderr == result.stderr)
    }
}

/// The theme built into the binary, `notices init`, `notices theme export`, `notices schema`.
@Suite struct StarterCommandTests {
    @Test func aSiteWithOnlyContentBuildsWithTheBuiltInTheme() throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", EditorCommandTests.catalog)
        try site.write(
            "content/notices/2020/a.md",
            "---\ntitle: A\ndate: 2020-01-02\ncategory: info\nproducts: [drkcms-v7]\n---\nText\n")
        let result = try run(["build", "--site", site.url.path])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(
            contentsOf: site.url.appendingPathComponent("public/meldungen/2020/a/index.html"), encoding: .utf8)
        #expect(page.contains("<html lang=\"de\""))
        #expect(FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public/assets/style.css").path))
    }

    @Test func aSiteThatOverridesOneTemplateUsesItAndTheBuiltInRest() throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", EditorCommandTests.catalog)
        try site.write(
            "content/notices/2020/a.md",
            "---\ntitle: A\ndate: 2020-01-02\ncategory: info\nproducts: [drkcms-v7]\n---\nText\n")
        try site.write("templates/notice.mustache", "<article class=\"eigene\">{{notice.title}}</article>")
        try site.write("templates/assets/style.css", "body { color: black }\n")
        let result = try run(["build", "--site", site.url.path])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(
            contentsOf: site.url.appendingPathComponent("public/meldungen/2020/a/index.html"), encoding: .utf8)
        #expect(page.contains("<article class=\"eigene\">A</article>"))
        #expect(page.contains("<html lang=\"de\""), "the built-in layout wraps the site's own notice template")
        #expect(
            try String(contentsOf: site.url.appendingPathComponent("public/assets/style.css"), encoding: .utf8)
                == "body { color: black }\n")
        #expect(
            FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public/assets/notices.js").path))

        let check = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(check.status == 0)
        #expect(
            check.stderr.contains(
                "templates/notice.mustache: warning: diese Vorlage ersetzt die eingebaute templates/notice.mustache, verwendet aber {{> partials/"
            ))
        #expect(check.stderr.contains("[vorlage-veraltet]"))
    }

    @Test func anOverrideEqualToTheBuiltInTemplateGivesNoWarning() throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", EditorCommandTests.catalog)
        try site.write(
            "content/notices/2020/a.md", "---\ntitle: A\ndate: 2020-01-02\ncategory: info\nproducts: [all]\n---\nText\n"
        )
        try site.copyTheme()
        let check = try run(["check", "--site", site.url.path], environment: ["GITHUB_ACTIONS": ""])
        #expect(check.status == 0)
        #expect(!check.stderr.contains("vorlage-veraltet"), "\(check.stderr)")
    }

    @Test func initWritesAContentRepositoryWithoutATheme() throws {
        let parent = try TemporarySite()
        let target = parent.url.appendingPathComponent("hilfe")
        let made = try run(["init", target.path])
        #expect(made.status == 0, "\(made.stderr)")
        for path in [
            "content/site.yml", "content/products.yml", "content/ANLEITUNG.md", ".github/workflows/notices.yml",
            ".gitlab-ci.yml",
            "README.md", ".gitignore", "content/notices/2026/neue-kundeninformationen.md",
        ] {
            #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent(path).path), "\(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("templates").path))
        let workflow = try Data(contentsOf: target.appendingPathComponent(".github/workflows/notices.yml"))
        #expect(workflow == (try Data(contentsOf: repositoryRoot.appendingPathComponent("docs/ci/github-actions.yml"))))
        let build = try run(["build", "--site", target.path])
        #expect(build.status == 0, "\(build.stderr)")
        let again = try run(["init", target.path])
        #expect(again.status == 1)
        #expect(
            again.stderr.hasSuffix(
                "ist nicht leer; nichts wurde geschrieben (geben Sie einen neuen Ordner an) [ordner-nicht-leer]\n"))
    }

    @Test func themeExportWritesTheBuiltInThemeWithoutTheMessages() throws {
        let parent = try TemporarySite()
        let target = parent.url.appendingPathComponent("theme")
        let result = try run(["theme", "export", target.path])
        #expect(result.status == 0, "\(result.stderr)")
        let layout = try Data(contentsOf: target.appendingPathComponent("layout.mustache"))
        #expect(layout == (try Data(contentsOf: repositoryRoot.appendingPathComponent("templates/layout.mustache"))))
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("strings/de.yml").path))
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("assets/style.css").path))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("strings/messages").path))
    }

    @Test func schemaNamesTheSitesCategoriesAndProducts() throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", EditorCommandTests.catalog)
        let result = try run(["schema", "--site", site.url.path])
        #expect(result.status == 0, "\(result.stderr)")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(
            result.stdout.contains(
                "\"const\" : \"drkcms-v9\",\n              \"description\" : \"DRKCMS v9 (ab 2019)\""))
        #expect(result.stdout.contains("\"const\" : \"stoerung\""))
    }
}
