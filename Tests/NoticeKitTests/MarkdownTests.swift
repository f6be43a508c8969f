import Testing

@testable import NoticeKit

@Suite struct MarkdownTests {
    let renderer = MarkdownRenderer()

    @Test func rawHTMLIsNotEmittedByDefault() {
        let html = renderer.render(
            "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> und <iframe src=\"https://evil\"></iframe>\n"
        ).html
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("onerror"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
    }

    @Test(arguments: [
        "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](vbscript:msgbox)", "[x](file:///etc/passwd)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](javascript&#58;alert(1))", "[x](&#106;avascript:alert(1))",
        "<javascript:alert(1)>", "![x](javascript:alert(1))",
    ])
    func dangerousLinkTargetsAreNeutralised(markdown: String) {
        // The text may still read "javascript:…"; no attribute may hold such a URL.
        let html = renderer.render(markdown).html.lowercased()
        for scheme in ["javascript:", "vbscript:", "file:", "data:text/html"] {
            #expect(!html.contains("=\"\(scheme)"), "\(html)")
        }
        #expect(html.contains("href=\"\"") || html.contains("src=\"\""))
    }

    @Test func rawHTMLPassesWhenTheSiteAllowsItButScriptTagsAreStillFiltered() {
        let html = MarkdownRenderer(allowRawHTML: true).render("<kbd>Strg</kbd> und <script>x</script>\n").html
        #expect(html.contains("<kbd>Strg</kbd>"))
        #expect(!html.contains("<script>"))
    }

    @Test func headingsGetStableGermanAnchorsAndDuplicatesAreNumbered() {
        let rendered = renderer.render("## Ursache\n\n## Abhilfe?\n\n### Größe & Maß\n\n## Ursache\n")
        #expect(rendered.headings.map(\.id) == ["ursache", "abhilfe", "groesse-mass", "ursache-2"])
        #expect(rendered.html.contains("<h2 id=\"ursache\">Ursache</h2>"))
        #expect(rendered.html.contains("<h3 id=\"groesse-mass\">Größe &amp; Maß</h3>"))
        #expect(rendered.html.contains("<h2 id=\"ursache-2\">Ursache</h2>"))
    }

    @Test func reservedAnchorsAreAvoided() {
        let rendered = MarkdownRenderer(reservedAnchors: ["inhalt"]).render("## Inhalt\n")
        #expect(rendered.html == "<h2 id=\"inhalt-2\">Inhalt</h2>\n")
    }

    @Test func markerCharactersInTheInputCannotForgeAttributes() {
        let html = renderer.render("## A\u{E000}x\" onclick=\"y\u{E001}B\n").html
        #expect(!html.contains("onclick=\""))
    }

    @Test func gitHubExtensionsAndFootnotesAreOn() {
        let markdown = """
            | A | B |
            |---|---|
            | 1 | 2 |

            ~~alt~~ und https://www.example.de/hilfe

            - [x] erledigt
            - [ ] offen

            Text mit Fußnote[^1].

            [^1]: Die Fußnote.

            ```ini
            a = b
            ```
            """
        let html = renderer.render(markdown).html
        #expect(html.contains("<table>"))
        #expect(html.contains("<del>alt</del>"))
        #expect(html.contains("<a href=\"https://www.example.de/hilfe\">"))
        #expect(html.contains("type=\"checkbox\" checked=\"\" disabled=\"\""))
        #expect(html.contains("class=\"footnotes\""))
        #expect(html.contains("<pre><code class=\"language-ini\">"))
    }

    @Test func paragraphsAreCollectedAsPlainText() {
        let rendered = renderer.render(
            "Sehr geehrte Kunden,\n\nDer *Mailserver* ist `smtp`\nwieder erreichbar.\n\n## X\n")
        #expect(rendered.paragraphs == ["Sehr geehrte Kunden,", "Der Mailserver ist smtp wieder erreichbar."])
        #expect(
            Summary.derive(from: rendered.paragraphs, maximumLength: 200)
                == "Der Mailserver ist smtp wieder erreichbar.")
        #expect(Summary.derive(from: rendered.paragraphs, maximumLength: 25) == "Der Mailserver ist smtp…")
    }

    /// cmark-gfm 0.29 keeps global state; without the parser lock a few percent of parallel renders
    /// lose strikethrough or autolinks. Parallel output must equal serial output exactly.
    @Test func parallelRenderingMatchesSerialRendering() {
        let inputs = (0..<400).map {
            "Absatz \($0) mit ~~alt~~ und https://example.de/\($0) und **fett**.\n\n| a | b |\n|---|---|\n| \($0) | x |\n"
        }
        let shared = renderer
        let serial = inputs.map { shared.render($0).html }
        let parallel = inputs.parallelMap(threads: 8) { shared.render($0).html }
        #expect(parallel == serial)
        #expect(serial.allSatisfy { $0.contains("<del>alt</del>") && $0.contains("<a href=\"https://example.de/") })
    }

    /// cmark-gfm 0.29.0.gfm.6 rescans the paragraph for every `|-|`-like line in it: such a body
    /// renders without tables (quickly) and says so; real tables are not affected.
    @Test func repeatedDelimiterRowsInAParagraphLeaveTablesOut() {
        let table = "Vorher\n\n| Dienst | Status |\n|---|:-:|\n| Mail | gestört |\n"
        let normal = renderer.render(String(repeating: table, count: 200))
        #expect(!normal.tablesLeftOut)
        #expect(normal.html.components(separatedBy: "<table>").count == 201)

        let start = ContinuousClock.now
        let attack = renderer.render("a|b|c\n" + String(repeating: "x|y\n|-|\n", count: 8000))
        #expect(attack.tablesLeftOut)
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(
            MarkdownRenderer.tableRescanBytes("a|b\n|-|\n\n" + String(repeating: "|-|\n", count: 3)) == 4 + 0 + 4 + 8)

        let problems = Fixtures.problems(
            Fixtures.notice(body: "a|b|c\n" + String(repeating: "x|y\n|-|\n", count: 2000)))
        #expect(
            problems.contains {
                $0.hasPrefix("content/notices/2016/test.md:7:1: warning: this body has so many lines like a table's")
            }, "\(problems)")
    }

    static let pathological: [String] = [
        String(repeating: "*a ", count: 20_000),
        String(repeating: "[", count: 50_000),
        String(repeating: "> ", count: 50_000) + "x",
        String(repeating: "<!--", count: 20_000),
        (0..<2000).map { String(repeating: "  ", count: $0) + "- x" }.joined(separator: "\n"),
    ]

    @Test(arguments: MarkdownTests.pathological)
    func pathologicalInputFinishes(markdown: String) {
        let start = ContinuousClock.now
        _ = renderer.render(markdown)
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}

@Suite struct SlugTests {
    @Test(arguments: [
        ("Störung am Mailserver!", "stoerung-am-mailserver"),
        ("Größe & Maß", "groesse-mass"),
        ("Café  —  Übersicht", "cafe-uebersicht"),
        (
            "Mail-Versand an Adressen @hotmail.com, @live.com u.a. gestört",
            "mail-versand-an-adressen-hotmail-com-live-com-u-a-gestoert"
        ),
        ("???", ""),
    ])
    func germanTransliteration(text: String, slug: String) {
        #expect(Slug.make(text) == slug)
    }

    @Test func validity() {
        #expect(Slug.isValid("drkcms-v6-kv"))
        #expect(!Slug.isValid("Drkcms"))
        #expect(!Slug.isValid("a--b"))
        #expect(!Slug.isValid("-a"))
        #expect(!Slug.isValid("../etc"))
    }
}

@Suite struct TypographyTests {
    let german = MarkdownRenderer(language: "de")

    @Test func straightQuotesBecomeGermanQuotesOutsideCode() {
        let html = german.render("Die Produktreihe \"Office 365\" ist nicht betroffen, `\"code\"` bleibt.\n").html
        #expect(
            html == "<p>Die Produktreihe „Office 365“ ist nicht betroffen, <code>&quot;code&quot;</code> bleibt.</p>\n")
    }

    @Test func abbreviationsAndUnitsGetNonBreakingSpaces() {
        let html = german.render("Das betrifft z. B. Anhänge über 10 MB und 5 % der Postfächer.\n").html
        #expect(html == "<p>Das betrifft z.\u{00A0}B. Anhänge über 10\u{00A0}MB und 5\u{00A0}% der Postfächer.</p>\n")
    }

    @Test func abbreviationsOnlyStartAtAWordBoundary() {
        // "Vorschau. U.a." holds "u. U." but is no abbreviation; "(z. B." is one.
        #expect(
            german.render("Vorschau. U.a. kommt (z. B. morgen).\n").html
                == "<p>Vorschau. U.a. kommt (z.\u{00A0}B. morgen).</p>\n")
    }

    @Test func unitsFollowNumbersOnlyAndQuotesOpenAfterBrackets() {
        #expect(
            german.render("Ab 22 Uhr, nicht ab Uhr 5 Minuten; 3 s.\n").html
                == "<p>Ab 22\u{00A0}Uhr, nicht ab Uhr 5 Minuten; 3\u{00A0}s.</p>\n")
        #expect(
            german.render("Text (\"zitiert\") und \u{2013}\"so\"\n").html
                == "<p>Text („zitiert“) und \u{2013}„so“</p>\n")
    }

    @Test func textWithoutAnythingToChangeStaysAsWritten() {
        let text = "Keine Anführungszeichen, keine Einheiten, nur Text mit ß und Ü.\n"
        #expect(german.render(text).html == "<p>" + text.dropLast() + "</p>\n")
    }

    @Test func quotesAcrossEmphasisPairUp() {
        #expect(german.render("Er schrieb \"*wichtig*\".\n").html == "<p>Er schrieb „<em>wichtig</em>“.</p>\n")
    }

    @Test func englishUsesEnglishQuotesAndOtherLanguagesAreLeftAlone() {
        #expect(MarkdownRenderer(language: "en").render("a \"b\" c\n").html == "<p>a “b” c</p>\n")
        #expect(MarkdownRenderer(language: "fr").render("a \"b\" c\n").html == "<p>a &quot;b&quot; c</p>\n")
    }
}
