import Foundation
import Testing

@testable import NoticeKit

/// The rules issue 14 added, on values: site paths, base URLs, escaped messages, footnote ids,
/// calendar folding, the bracket scan.
@Suite struct HardeningTests {
    @Test(arguments: [
        "/aktuelles/mail-stoerung.html", "/alt/meldung/", "/alt/meldung", "/aktuelles/störung.html", "/a(1)+b.html",
        "/index.php~x", "/a%20b.html",
    ])
    func usableSitePaths(path: String) {
        #expect(URLPath.problem(path) == nil)
    }

    @Test(arguments: [
        "x", "//host/x", "/.htaccess", "/x/.git/config", "/*", "/a;b", "/a{b}", "/a\"b", "/a$b", "/a b", "/a\tb",
        "/a/../b", "/a/./b", "/a//b", "/%2e%2e/x", "/a%2Fb", "/a%zz", "/a\u{2028}b",
        "/" + String(repeating: "a", count: 256),
        "/" + Array(repeating: "abcdefgh", count: 120).joined(separator: "/"),
    ])
    func unusableSitePaths(path: String) {
        #expect(URLPath.problem(path) != nil)
    }

    /// Why a path is refused is a part of the editor's message: on a German site it is German too.
    @Test(arguments: [
        "x", "/.htaccess", "/a/../b", "/a//b", "/%2e%2e/x", "/a%zz", "/a b", "/a\tb", "/a;b", "/a\u{2028}b",
        "/" + String(repeating: "a", count: 256), "/" + Array(repeating: "abcdefgh", count: 130).joined(separator: "/"),
    ])
    func sitePathProblemsAreTranslated(path: String) throws {
        let problem = try #require(URLPath.problem(path))
        let english = problem.text(in: .english)
        let german = problem.text(in: .german)
        #expect(english != german, "\(english)")
        #expect(!german.contains("{") && !german.hasPrefix("it "), "\(german)")
    }

    @Test func baseURLs() throws {
        for good in [
            "https://hilfe.example.de/", "http://localhost:8080/kunden/", "/hilfe/", "/", "https://[::1]:8000/",
            "https://hilfe.example.de",
        ] {
            #expect(URLPath.baseURLProblem(good) == nil, "\(good)")
        }
        for bad in [
            "//evil.example/", "https://hilfe.example.de/\r\nDisallow: /", "https://a b/", "https:///x/",
            "javascript:alert(1)",
            "https://hilfe.example.de/?q=1", "https://hilfe.example.de:x/", "ftp://example.de/", "hilfe/",
        ] {
            let problem = try #require(URLPath.baseURLProblem(bad), "\(bad)")
            #expect(problem.text(in: .german) != problem.text(in: .english), "\(bad)")
        }
    }

    @Test func diagnosticsKeepQuotedValuesOnTheirLine() {
        let diagnostic = Diagnostic.error(
            .unknownProduct, ["id": "a\n::warning file=x::y\u{1B}[2J", "hint": .empty],
            at: SourceLocation(path: "content/notices/a\nb.md", line: 3, column: 1))
        #expect(
            diagnostic.description
                == "content/notices/a\\nb.md:3:1: error: unknown product 'a\\n::warning file=x::y\\u{1B}[2J'; see content/products.yml"
        )
        #expect(
            diagnostic.line(in: .german)
                == "content/notices/a\\nb.md:3:1: error: unbekanntes Produkt 'a\\n::warning file=x::y\\u{1B}[2J'; siehe content/products.yml [unbekanntes-produkt]"
        )
        #expect(PlainText.escaped("Störung „gelöst“") == "Störung „gelöst“")
    }

    @Test func headingsNeverTakeFootnoteIDs() {
        let rendered = MarkdownRenderer().render("## fn 1\n\nText[^1].\n\n## fnref 1\n\n[^1]: Fußnote.\n")
        let ids = rendered.headings.map(\.id)
        #expect(!ids.contains { $0.hasPrefix("fn-") || $0.hasPrefix("fnref-") }, "\(ids)")
        #expect(rendered.html.contains("id=\"fn-1\""))
    }

    @Test func calendarLinesFoldBetweenScalarsWithinClusters() {
        let line = "SUMMARY:e" + String(repeating: "\u{301}", count: 60)
        let folded = MaintenanceCalendar.fold(line)
        let pieces = folded.utf8.split(separator: 10, omittingEmptySubsequences: false)
        #expect(pieces.allSatisfy { $0.count <= 76 })  // 75 octets plus the CR
        // Unfolded on bytes: as text, the space of a fold and the accent after it are one cluster.
        var unfolded: [UInt8] = []
        var bytes = Array(folded.utf8)[...]
        while let first = bytes.first {
            if bytes.starts(with: [13, 10, 32]) {
                bytes = bytes.dropFirst(3)
                continue
            }
            unfolded.append(first)
            bytes = bytes.dropFirst()
        }
        #expect(unfolded == Array(line.utf8))
    }

    @Test func bracketScanFindsQuadraticParagraphs() {
        #expect(BracketScan(String(repeating: "![[]()", count: 5_000)).stackWalk == 25_000_000)
        #expect(BracketScan(String(repeating: "![x](a.png)\n\n", count: 5_000)).stackWalk == 1)
        #expect(
            BracketScan("| a | b |\n|---|---|\n" + String(repeating: "|", count: 10_000)).pipeSquares == 100_000_000
                + 18)
        let refused = MarkdownRenderer().render(String(repeating: "![[]()", count: 50_000))
        #expect(refused.refusal != nil)
    }
}
