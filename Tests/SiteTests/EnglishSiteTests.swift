import Foundation
import NoticeKit
import Testing

/// A site with `language: en` built with the real theme: every UI text comes from `en.yml`.
@Suite struct EnglishSiteTests {
    static let settings = """
        title: Customer notices
        language: en
        segments: {notices: notices, products: products, categories: categories, page: page}
        categories:
          - {id: outage, name: Outage}
          - {id: maintenance, name: Maintenance}
        page_size: 1

        """
    static let catalog = """
        - id: cms
          name: CMS
          children:
            - {id: cms-v7, name: CMS v7, since: 2017}

        """
    static let notices: [(String, String)] = [
        (
            "2026/window.md",
            "---\ntitle: Mail server work\ndate: 2026-11-20\ncategory: maintenance\nproducts: [cms-v7]\nwindow: {start: 2026-12-03T22:00, end: 2026-12-04T02:00}\npinned: true\n---\nWe update the mail server.\n\n## Impact\n\nText.\n\n## Schedule\n\nText.\n"
        ),
        (
            "2026/outage.md",
            "---\ntitle: Sites are slow\ndate: 2026-11-28T09:30:00+01:00\ncategory: outage\nproducts: [all]\nstatus: ongoing\nupdates:\n  - {date: 2026-11-28T11:00, text: \"We know the cause.\"}\nnot_affected: [Mail]\n---\nSites respond slowly.\n"
        ),
        (
            "2016/resolved.md",
            "---\ntitle: Old outage\ndate: 2016-04-20\ncategory: outage\nproducts: [cms]\nstatus: resolved\nresolved_at: 2016-04-21T08:15\n---\nIt was fixed.\n"
        ),
    ]

    /// Words of the German theme and generator texts; none may be left on an English page.
    static let germanWords = [
        "Meldung", "Startseite", "Produkt", "Störung", "Wartung", "Kategorie", "Seite", "Betroffen",
        "Veröffentlicht", "Treffer", "durchsuchen", "Aktuell", "Uhr", "Zum Inhalt", "Hauptnavigation",
        "Fußzeile", "Brotkrumen", "Alle ", "bevorstehend", "läuft", "beendet", "Angeheftet", "Insgesamt",
        "Abonnieren", "Varianten", "Suchergebnisse", "Leeren", "Jahr", "Dezember", "Oktober", "de_DE",
        "Kundeninformationen", "Zurück", "Weiter", "Inhalt", "nicht", "Archiv nach", "Behoben", "Aktualisierung",
        "Filter zurücksetzen", "Ihr ", " von ", " am ", " und ", "(ab ",
    ]

    func build() throws -> [String: String] {
        let theme = SiteReader(root: Paths.repository).read()
        let sources = SiteSources(
            settings: SourceFile(path: "content/site.yml", text: Self.settings),
            catalog: SourceFile(path: "content/products.yml", text: Self.catalog),
            notices: Self.notices.map { SourceFile(path: "content/notices/\($0.0)", text: $0.1) },
            templates: theme.templates, strings: theme.strings, assets: theme.assets)
        let prepared = Build.prepare(sources, options: Build.Options(time: fixedNow, threads: 2))
        let (files, diagnostics) = (Build.render(prepared, threads: 2), prepared.diagnostics)
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted.map(\.description))")
        let built = try #require(files)
        return Dictionary(uniqueKeysWithValues: built.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    @Test func pagesHaveNoGermanUIText() throws {
        let files = try build()
        let pages = [
            "index.html", "notices/2026/outage/index.html", "notices/2026/window/index.html", "products/cms/index.html",
            "products/cms/page/2/index.html", "products/index.html", "categories/outage/index.html",
            "notices/index.html", "notices/2016/index.html", "404.html",
        ]
        for page in pages {
            let html = try #require(files[page], "no \(page)")
            let found = Self.germanWords.filter { html.contains($0) }
            #expect(found.isEmpty, "\(page) still says \(found)")
        }
        let home = try #require(files["index.html"])
        #expect(
            home.contains("<html lang=\"en\">") && home.contains("content=\"en_US\"")
                && home.contains(">Skip to content<"))
        #expect(home.contains("Maintenance on December 3, 2026, 22:00–02:00"))
        #expect(home.contains(">CMS v7 (since 2017)<"), "derived product labels follow the language")
        #expect(home.contains("data-t-upcoming=\"upcoming\""))
        let notice = try #require(files["notices/2016/resolved/index.html"])
        #expect(notice.contains("Resolved on April 21, 2016, 08:15"))
        #expect(
            try #require(files["products/cms/page/2/index.html"]).contains(
                "<title>CMS, page 2 – Customer notices</title>"))
    }

    @Test func feedsJSONAndCalendarsSpeakEnglish() throws {
        let files = try build()
        let json = try #require(files["notices.json"])
        #expect(
            json.contains("\"label\":\"Disruption\"") && json.contains("\"label\":\"All products\""),
            "\(json.prefix(600))")
        let calendar = try #require(files["wartung.ics"])
        #expect(calendar.contains("DESCRIPTION:Maintenance on December 3\\, 2026\\, 22:00–02:00"))
    }
}
