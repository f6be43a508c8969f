import Foundation
import Testing

@testable import NoticeKit

/// "Benachrichtigungen abonnieren": e-mail from `email_signup`, webcal:// from the base URL,
/// a calendar only where a maintenance window exists.
@Suite struct SubscribeTests {
    static let window = "window: {start: 2026-12-03T22:00, end: 2026-12-04T02:00}\n"

    /// The shipped theme (`templates/*.mustache` and `templates/partials/`), read from the repository.
    static let theme: [SourceFile] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return ["templates", "templates/partials"].flatMap { folder -> [SourceFile] in
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            return names.filter { $0.hasSuffix(".mustache") }.sorted().compactMap { name in
                FileManager.default.contents(atPath: root.appendingPathComponent("\(folder)/\(name)").path)
                    .map { SourceFile(path: "\(folder)/\(name)", bytes: Array($0)) }
            }
        }
    }()

    func build(settings: String, notices: [String]) -> (pages: [String: String], problems: [String]) {
        let sources = Fixtures.sources(
            notices: notices.enumerated().map { Fixtures.notice("2026/n\($0.offset).md", $0.element) },
            settings: settings, templates: Self.theme)
        let (files, diagnostics) = Fixtures.render(sources, time: BuildTime(now: 1_795_950_000), threads: 1)
        let pages = Dictionary(
            uniqueKeysWithValues: (files ?? []).map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        return (pages, diagnostics.sorted.map(\.description))
    }

    @Test func anAddressGivesAMailtoLinkAndTheCalendarIsOfferedByWebcal() throws {
        let (pages, problems) = build(
            settings: "base_url: https://hilfe.example.de/\nemail_signup: kundeninfo@example.de\n",
            notices: [Fixtures.notice(date: "2026-11-20", extra: Self.window)])
        #expect(problems.isEmpty)
        let site = try #require(pages["abonnieren/index.html"])
        #expect(site.contains("href=\"mailto:kundeninfo@example.de\""))
        #expect(site.contains("href=\"webcal://hilfe.example.de/wartung.ics\""))
        #expect(site.contains("value=\"https://hilfe.example.de/wartung.ics\""))
        #expect(
            site.contains("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fhilfe.example.de%2Fwartung.ics"))
        let product = try #require(pages["produkte/drkcms-v7/abonnieren/index.html"])
        #expect(product.contains("href=\"webcal://hilfe.example.de/produkte/drkcms-v7/wartung.ics\""))
        #expect(product.contains("value=\"https://hilfe.example.de/produkte/drkcms-v7/feed.xml\""))
    }

    @Test func noWindowMeansNoCalendarAndNoLinkToIt() throws {
        let (pages, _) = build(
            settings: "base_url: https://hilfe.example.de/\n", notices: [Fixtures.notice(date: "2026-11-20")])
        #expect(pages["wartung.ics"] == nil)
        #expect(!pages.keys.contains { $0.hasSuffix("wartung.ics") })
        let site = try #require(pages["abonnieren/index.html"])
        #expect(!site.contains("wartung.ics"))
        #expect(!site.contains("mailto:"))
        #expect(!pages.values.contains { $0.contains("wartung.ics") })
    }

    @Test func aSignupPageIsLinked() throws {
        let (pages, problems) = build(
            settings: "email_signup: https://example.de/anmeldung?liste=kunden&x=1\n",
            notices: [Fixtures.notice(date: "2026-11-20")])
        #expect(problems.isEmpty)
        #expect(
            try #require(pages["abonnieren/index.html"]).contains(
                "href=\"https://example.de/anmeldung?liste=kunden&amp;x=1\""))
    }

    @Test(arguments: [
        "kundeninfo", "a@b", "<x>@example.de", "javascript:alert(1)", "a b@example.de", "//evil.example/",
    ])
    func anythingElseIsAnErrorAtItsLine(value: String) {
        let (_, problems) = build(
            settings: "title: X\nemail_signup: \"\(value)\"\n", notices: [Fixtures.notice(date: "2026-11-20")])
        #expect(
            problems.contains { $0.hasPrefix("content/site.yml:2:15: error: 'email_signup' must be") }, "\(problems)")
    }
}
