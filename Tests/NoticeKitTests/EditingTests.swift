import Foundation
import Testing

@testable import NoticeKit

/// `notices check` on GitHub Actions: one workflow command per diagnostic.
@Suite struct GitHubAnnotationTests {
    @Test func errorsAndWarningsBecomeWorkflowCommands() {
        let error = Diagnostic.error(
            .yamlUnreadable, ["detail": "'date' must be a date like 2016-04-20 (found 'April')"],
            at: SourceLocation(path: "content/notices/2016/b.md", line: 3, column: 7))
        let warning = Diagnostic.warning(
            .yamlUnreadable, ["detail": "'status: resolved' without 'resolved_at'"],
            at: SourceLocation(path: "content/notices/2020/a.md", line: 6, column: 9))
        #expect(
            GitHubAnnotations.line(for: error)
                == "::error file=content/notices/2016/b.md,line=3,col=7::YAML could not be read: 'date' must be a date like 2016-04-20 (found 'April') [yaml-unreadable]"
        )
        #expect(
            GitHubAnnotations.line(for: warning)
                == "::warning file=content/notices/2020/a.md,line=6,col=9::YAML could not be read: 'status: resolved' without 'resolved_at' [yaml-unreadable]"
        )
    }

    @Test func messageEscapesPercentAndLineBreaksButKeepsColonsAndCommas() {
        let diagnostic = Diagnostic.error(
            .yamlUnreadable, ["detail": "100% kaputt,\r\nzweite Zeile: hier\nDritte"],
            at: SourceLocation(path: "content/notices/2016/a.md", line: 1, column: 1))
        #expect(
            GitHubAnnotations.line(for: diagnostic)
                == "::error file=content/notices/2016/a.md,line=1,col=1::YAML could not be read: 100%25 kaputt,%0D%0Azweite Zeile: hier%0ADritte [yaml-unreadable]"
        )
    }

    @Test func propertiesEscapeColonsAndCommasToo() {
        #expect(GitHubAnnotations.escapeProperty("a:b,c%d\re\nf") == "a%3Ab%2Cc%25d%0De%0Af")
        #expect(GitHubAnnotations.escapeData("a:b,c%d\re\nf") == "a:b,c%25d%0De%0Af")
        let diagnostic = Diagnostic.error(
            .yamlUnreadable, ["detail": "x"],
            at: SourceLocation(path: "content/notices/2016/a,b:c.md", line: 2, column: 4))
        #expect(
            GitHubAnnotations.line(for: diagnostic)
                == "::error file=content/notices/2016/a%2Cb%3Ac.md,line=2,col=4::YAML could not be read: x [yaml-unreadable]"
        )
    }

    @Test func pathPrefixPointsIntoTheRepository() {
        let diagnostic = Diagnostic.error(
            .yamlUnreadable, ["detail": "x"], at: SourceLocation(path: "content/products.yml", line: 9, column: 3))
        #expect(
            GitHubAnnotations.line(for: diagnostic, pathPrefix: "site/")
                == "::error file=site/content/products.yml,line=9,col=3::YAML could not be read: x [yaml-unreadable]")
    }

    @Test func linesFollowThePrintingOrderWithoutDuplicates() {
        let b = Diagnostic.error(
            .yamlUnreadable, ["detail": "b"], at: SourceLocation(path: "content/notices/2016/b.md", line: 1, column: 1))
        let a2 = Diagnostic.warning(
            .yamlUnreadable, ["detail": "a2"], at: SourceLocation(path: "content/notices/2016/a.md", line: 5, column: 1)
        )
        let a1 = Diagnostic.error(
            .yamlUnreadable, ["detail": "a1"], at: SourceLocation(path: "content/notices/2016/a.md", line: 2, column: 8)
        )
        #expect(
            GitHubAnnotations.lines(for: Diagnostics([b, a2, a1, b])) == [
                "::error file=content/notices/2016/a.md,line=2,col=8::YAML could not be read: a1 [yaml-unreadable]",
                "::warning file=content/notices/2016/a.md,line=5,col=1::YAML could not be read: a2 [yaml-unreadable]",
                "::error file=content/notices/2016/b.md,line=1,col=1::YAML could not be read: b [yaml-unreadable]",
            ])
    }
}

/// `notices new`: the scaffold parses and builds, and mistakes get the build's own messages.
@Suite struct NoticeScaffoldTests {
    static let timeZone = TimeZone(identifier: "Europe/Berlin")!

    static func catalog() -> Catalog {
        reporting { SiteInput.catalog(SourceFile(path: "content/products.yml", text: Fixtures.catalog), into: &$0) }.0
    }

    static func request(
        _ title: String = "Wartung am Mailserver", category: String = "wartung",
        products: [String] = ["drkcms-v7"], date: String = "2026-12-01"
    ) -> NoticeScaffold.Request {
        NoticeScaffold.Request(
            title: title, category: category, products: products,
            date: NoticeDate.parse(date, timeZone: timeZone)!)
    }

    @Test func writesFrontMatterAndTheMaintenanceSkeleton() throws {
        let (scaffold, problems) = reporting {
            NoticeScaffold.make(
                Self.request(products: ["drkcms-v7", "drkcms-v9"]), settings: SiteSettings(), catalog: Self.catalog(),
                into: &$0)
        }
        #expect(problems.isEmpty)
        let result = try #require(scaffold)
        #expect(result.path == "content/notices/2026/wartung-am-mailserver.md")
        #expect(
            result.text.hasPrefix(
                """
                ---
                title: "Wartung am Mailserver"
                date: 2026-12-01
                category: wartung
                products: [drkcms-v7, drkcms-v9]

                """))
        #expect(result.text.contains("# window: { start: 2026-12-01T22:00, end: 2026-12-02T02:00 }"))
        let body = result.text.components(separatedBy: "\n---\n")[1]
        #expect(body.hasPrefix("Sehr geehrte Kunden,\n\n"))
        #expect(headings(body) == ["## Zeitplan", "## Auswirkungen", "## Was Sie tun können"])
    }

    @Test(arguments: [
        ("stoerung", ["## Ursache", "## Auswirkungen", "## Abhilfe"]),
        ("wartung", ["## Zeitplan", "## Auswirkungen", "## Was Sie tun können"]),
        ("sicherheit", ["## Beschreibung", "## Risiko", "## Was Sie tun sollten"]),
        ("info", ["## Details", "## Was Sie tun müssen"]),
    ])
    func everyCategoryBuildsIntoAPage(category: String, expected: [String]) throws {
        let title = "Neue Meldung: \"Test\" #1 & [Klammer] 100%"
        let (scaffold, problems) = reporting {
            NoticeScaffold.make(
                Self.request(title, category: category), settings: SiteSettings(), catalog: Self.catalog(), into: &$0)
        }
        #expect(problems.isEmpty, "\(problems)")
        let result = try #require(scaffold)
        #expect(headings(result.text) == expected)
        // Unfilled, only its placeholders stop it; filled in, it builds.
        let unfilled = Fixtures.sources(notices: [SourceFile(path: result.path, text: result.text)])
        let placeholders = Fixtures.renderSite(unfilled, time: BuildTime(now: 1_800_000_000), threads: 1).diagnostics
            .sorted.filter { $0.severity == .error }
        #expect(
            !placeholders.isEmpty && placeholders.allSatisfy { $0.text.code == .placeholderLeft }, "\(placeholders)")
        let sources = Fixtures.sources(notices: [SourceFile(path: result.path, text: Self.filledIn(result.text))])
        let (site, files, diagnostics) = Fixtures.renderSite(sources, time: BuildTime(now: 1_800_000_000), threads: 1)
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        let notice = try #require(site?.notices.first)
        #expect(notice.title == title)
        #expect(notice.category == category)
        #expect(notice.products == ["drkcms-v7"])
        #expect(notice.date.isoDate == "2026-12-01" && !notice.date.hasTime)
        #expect(notice.lifecycle.status == (category == "stoerung" ? .ongoing : nil))
        let page = try #require(files?.first { $0.path == "meldungen/2026/neue-meldung-test-1-klammer-100/index.html" })
        #expect(
            String(decoding: page.bytes, as: UTF8.self).contains(
                "Neue Meldung: &quot;Test&quot; #1 &amp; [Klammer] 100%"))
    }

    /// The scaffold with every placeholder replaced, as an editor would.
    static func filledIn(_ text: String) -> String {
        ScaffoldPlaceholders.shared.texts.reduce(text) { $0.replacingOccurrences(of: $1, with: "echter Text") }
    }

    @Test func unknownProductGetsTheBuildsSuggestion() {
        let (scaffold, problems) = reporting {
            NoticeScaffold.make(
                Self.request(products: ["drkcms-v8", "DRKCMS-V7"]), settings: SiteSettings(), catalog: Self.catalog(),
                into: &$0)
        }
        #expect(scaffold == nil)
        #expect(
            problems.map(\.message) == [
                "unknown product 'drkcms-v8' (did you mean 'drkcms-v7' or 'drkcms-v9'?); see content/products.yml",
                "unknown product 'DRKCMS-V7' (did you mean 'drkcms-v7'? ids are lower-case); see content/products.yml",
            ])
        // The same words as a build of a notice naming those products.
        let built = Fixtures.problems(Fixtures.notice(category: "wartung", products: "[drkcms-v8]"))
        #expect(built.count == 1 && built[0].hasSuffix(": error: " + problems[0].message))
    }

    @Test func unknownCategoryIsRefusedWithASuggestion() {
        let (scaffold, problems) = reporting {
            NoticeScaffold.make(
                Self.request(category: "wartng"), settings: SiteSettings(), catalog: Self.catalog(), into: &$0)
        }
        #expect(scaffold == nil)
        #expect(
            problems.map(\.message) == [
                "unknown category 'wartng' (did you mean 'wartung'?); categories: stoerung, wartung, sicherheit, info"
            ])
    }

    @Test func aTitleWithoutLettersNeedsASlug() throws {
        let (none, problems) = reporting {
            NoticeScaffold.make(Self.request("!!!"), settings: SiteSettings(), catalog: Self.catalog(), into: &$0)
        }
        #expect(none == nil)
        #expect(problems.map(\.message) == ["cannot make a URL slug from the title '!!!'; give one with --slug"])
        var request = Self.request("!!!")
        request.slug = "ausrufe"
        let scaffold = try #require(
            reporting { NoticeScaffold.make(request, settings: SiteSettings(), catalog: Self.catalog(), into: &$0) }.0)
        #expect(scaffold.path == "content/notices/2026/ausrufe.md")
        #expect(scaffold.text.contains("\nslug: ausrufe\n"))
    }

    @Test func draftsAndDateTimesAreWrittenAsGiven() throws {
        var request = Self.request(date: "2026-12-01T09:30")
        request.draft = true
        let scaffold = try #require(
            reporting { NoticeScaffold.make(request, settings: SiteSettings(), catalog: Self.catalog(), into: &$0) }.0)
        #expect(scaffold.text.contains("\ndate: 2026-12-01T09:30:00+01:00\n"))
        #expect(scaffold.text.contains("\ndraft: true\n---\n"))
        let (site, _) = Fixtures.assemble(
            Fixtures.sources(notices: [SourceFile(path: scaffold.path, text: Self.filledIn(scaffold.text))]),
            time: BuildTime(now: 0, includeDrafts: true), threads: 1)
        #expect(site?.notices.first?.lifecycle.draft == true)
    }

    @Test func theYearFolderFollowsTheSiteTimeZone() throws {
        // 23:30 UTC on New Year's Eve is already the next year in Berlin.
        let date = NoticeDate(instant: 1_798_759_800, timeZone: Self.timeZone)
        let request = NoticeScaffold.Request(title: "Neujahr", category: "info", products: ["all"], date: date)
        let scaffold = try #require(
            reporting { NoticeScaffold.make(request, settings: SiteSettings(), catalog: Self.catalog(), into: &$0) }.0)
        #expect(scaffold.path == "content/notices/2027/neujahr.md")
    }

    private func headings(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
    }
}
