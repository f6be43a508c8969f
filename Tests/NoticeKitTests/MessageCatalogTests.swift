import Foundation
import Testing

@testable import NoticeKit

/// The message catalogs: every code in both languages with the same placeholders, German sites
/// get German messages, each with its code.
@Suite struct MessageCatalogTests {
    @Test(arguments: MessageCatalog.languages)
    func everyCodeHasATextInEveryLanguage(language: String) throws {
        let catalog = MessageCatalog.forLanguage(language)
        #expect(catalog.language == language)
        let missing = MessageCode.allCases.filter { catalog.entries[$0.rawValue] == nil }.map(\.rawValue)
        #expect(missing.isEmpty, "templates/strings/messages/\(language).yml lacks \(missing)")
        let unknown = catalog.entries.keys.filter { MessageCode(rawValue: $0) == nil }.sorted()
        #expect(unknown.isEmpty, "templates/strings/messages/\(language).yml has codes no message uses: \(unknown)")
    }

    @Test func translationsTakeTheSamePlaceholders() {
        for code in MessageCode.allCases {
            let english = Set(MessageCatalog.english.entries[code.rawValue]?.placeholders ?? [])
            let german = Set(MessageCatalog.german.entries[code.rawValue]?.placeholders ?? [])
            #expect(english == german, "\(code.rawValue): en \(english.sorted()), de \(german.sorted())")
        }
    }

    @Test func shownCodesAreUniqueAndStable() {
        for catalog in [MessageCatalog.english, MessageCatalog.german] {
            let shown = catalog.entries.values.map(\.shownCode)
            #expect(Set(shown).count == shown.count, "\(catalog.language): a code is shown for two messages")
            #expect(
                shown.allSatisfy { $0.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" } }
            )
        }
        #expect(MessageCatalog.german.shownCode(.unknownProduct) == "[unbekanntes-produkt]")
        #expect(MessageCatalog.english.shownCode(.unknownProduct) == "[unknown-product]")
    }

    @Test func aCatalogWithoutACodeIsCaught() {
        let (catalog, problems) = MessageCatalog.parse("unknown-product: \"x\"\nbad: [1, 2]\n", language: "xx")
        #expect(problems == ["xx.yml: 'bad' must be a text or {code, text}"])
        #expect(catalog.entries["word-or"] == nil)
        #expect(MessageCode.allCases.contains { catalog.entries[$0.rawValue] == nil })
    }

    @Test func everyCodeIsExplainedInTheEditorsGuide() throws {
        let guide = try String(
            contentsOf: Self.repository.appendingPathComponent("content/ANLEITUNG.md"), encoding: .utf8)
        let shown = MessageCode.allCases.compactMap { code -> String? in
            guard let entry = MessageCatalog.german.entries[code.rawValue], entry.shownCode != code.rawValue else {
                return nil
            }
            return entry.shownCode
        }
        let unexplained = shown.filter { !guide.contains("`[\($0)]`") }
        #expect(unexplained.isEmpty, "content/ANLEITUNG.md does not explain \(unexplained)")
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    // MARK: German sites

    static func germanProblems(_ text: String) -> [String] {
        let (_, diagnostics) = Fixtures.assemble(
            Fixtures.sources(notices: [Fixtures.notice("2016/test.md", text)]), threads: 1)
        return diagnostics.sorted.map { $0.line(in: .german) }
    }

    @Test func aMissingCategoryListsTheValidOnesInGerman() {
        #expect(
            Self.germanProblems("---\ntitle: T\ndate: 2016-04-20\nproducts: [all]\n---\nText\n") == [
                "content/notices/2016/test.md:2:1: error: der Schlüssel 'category' fehlt im Kopf; Kategorien: stoerung, wartung, sicherheit, info [kategorie-fehlt]"
            ])
    }

    @Test func anUnknownCategoryListsTheValidOnesInGerman() {
        #expect(
            Self.germanProblems(Fixtures.notice(category: "stoerungen")) == [
                "content/notices/2016/test.md:4:11: error: unbekannte Kategorie 'stoerungen' (meinten Sie 'stoerung'?); Kategorien: stoerung, wartung, sicherheit, info [unbekannte-kategorie]"
            ])
    }

    @Test(arguments: [
        ("20.04.2016", "2016-04-20"), ("20.4.2016 9:30", "2016-04-20T09:30"),
        ("1.12.2026 22:00 Uhr", "2026-12-01T22:00"),
    ])
    func germanDatesSuggestTheISOForm(written: String, iso: String) {
        #expect(
            Self.germanProblems(Fixtures.notice(date: written)) == [
                "content/notices/2016/test.md:3:7: error: 'date' muss ein Datum sein wie 2016-04-20 oder 2016-04-20T09:30:00+02:00 (gefunden: '\(written)'); schreiben Sie \(iso) [ungueltiges-datum]"
            ])
    }

    @Test func germanDateTimesInLifecycleKeysSuggestTheISOFormToo() {
        let problems = Self.germanProblems(
            Fixtures.notice(category: "wartung", extra: "publish_at: 01.12.2026 08:00\n"))
        #expect(problems.count == 1)
        #expect(
            problems.first?.hasSuffix(
                "(gefunden: '01.12.2026 08:00'); schreiben Sie 2026-12-01T08:00 [ungueltige-zeitangabe]") == true)
    }

    @Test(arguments: ["31.02.16", "April", "2016/04/20", "32.13.2016"])
    func whatIsNoGermanDateGetsNoSuggestion(written: String) {
        #expect(GermanDate.iso(written) == nil)
    }

    @Test func aTabInTheIndentationIsNamedAtItsLine() {
        let text = "---\ntitle: T\ndate: 2016-04-20\ncategory: info\nproducts:\n\t- all\n---\nText\n"
        #expect(
            Self.germanProblems(text) == [
                "content/notices/2016/test.md:6:1: error: Tabulator: bitte mit Leerzeichen einrücken [tabulator]"
            ])
        let (_, diagnostics) = Fixtures.assemble(
            Fixtures.sources(notices: [Fixtures.notice("2016/test.md", text)]), threads: 1)
        #expect(
            diagnostics.sorted.map(\.description) == [
                "content/notices/2016/test.md:6:1: error: tab: indent with spaces, not tabs"
            ])
    }

    @Test func aTabAfterAKeyIsNoProblem() {
        let (_, diagnostics) = Fixtures.assemble(
            Fixtures.sources(notices: [
                Fixtures.notice(
                    "2016/test.md",
                    "---\ntitle:\tT\ndate: 2016-04-20\ncategory: info\nproducts: [all]\n---\nText\n")
            ]), threads: 1)
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted)")
    }

    @Test func theSummaryLineIsGermanToo() {
        let diagnostics = Diagnostics([
            .error(.emptyTitle, at: SourceLocation(path: "a.md")),
            .warning(.noHeadings, at: SourceLocation(path: "b.md")),
            .warning(.noHeadings, at: SourceLocation(path: "c.md")),
        ])
        #expect(DiagnosticPrinter.render(diagnostics, catalog: .german).hasSuffix("\n1 Fehler, 2 Warnungen\n"))
        #expect(DiagnosticPrinter.render(diagnostics, catalog: .english).hasSuffix("\n1 error, 2 warnings\n"))
    }
}
