import Foundation
import Testing

@testable import NoticeKit

/// The theme's strings files: loading, checking and where problems are reported.
@Suite struct StringsTests {
    static let german = shipped("de")
    static let english = shipped("en")

    static func shipped(_ language: String) -> String {
        let file = Fixtures.strings.first { $0.path == "templates/strings/\(language).yml" }
        return String(decoding: file?.bytes ?? [], as: UTF8.self)
    }

    /// Diagnostics of assembling a site with these strings files (path -> text), as users see them.
    func problems(_ files: [(String, String)], settings: String? = nil) -> [String] {
        let strings = files.map { SourceFile(path: "templates/strings/\($0.0)", text: $0.1) }
        let sources = Fixtures.sources(
            notices: [Fixtures.notice("2016/a.md", Fixtures.notice())], settings: settings, strings: strings)
        return Fixtures.assemble(sources, threads: 1).1.sorted.map(\.description)
    }

    @Test func shippedFilesHaveExactlyTheSameKeys() throws {
        let (german, germanProblems) = reporting {
            StringsLoader.load(Fixtures.strings, language: "de", languageLocation: nil, into: &$0)
        }
        let (english, englishProblems) = reporting {
            StringsLoader.load(Fixtures.strings, language: "en", languageLocation: nil, into: &$0)
        }
        #expect(germanProblems.isEmpty && englishProblems.isEmpty, "\(germanProblems + englishProblems)")
        let de = try #require(german)
        let en = try #require(english)
        #expect(de.language == "de" && en.language == "en")
        #expect(de.keys.count > 100)
        #expect(de.keys.subtracting(en.keys).sorted() == [])
        #expect(en.keys.subtracting(de.keys).sorted() == [])
        for (key, _) in UIStrings.generatorKeys { #expect(de.keys.contains(key), "de.yml lacks \(key)") }
    }

    @Test func englishTextsReachTheGenerator() throws {
        let (loaded, _) = reporting {
            StringsLoader.load(Fixtures.strings, language: "en-GB", languageLocation: nil, into: &$0)
        }
        let strings = try #require(loaded)
        let dates = DateDisplay(strings: strings)
        let date = try #require(
            NoticeDate.parse("2016-04-20T09:30:00+02:00", timeZone: .init(identifier: "Europe/Berlin")!))
        #expect(dates.dateTime(date) == "April 20, 2016, 09:30")
        #expect(strings.paged(strings.allNotices, page: 2) == "All notices, page 2")
        #expect(strings.year(2016) == "Notices from 2016")
    }

    @Test func languageWithoutStringsFileIsAnErrorAtTheLanguageLine() {
        #expect(
            problems([("de.yml", Self.german), ("en.yml", Self.english)], settings: "title: X\nlanguage: dee\n") == [
                "content/site.yml:2:11: error: no strings file for language 'dee' (did you mean 'de' or 'en'?): add templates/strings/dee.yml or set 'language' to one of de, en"
            ])
    }

    @Test func themeWithoutStringsIsAnError() {
        #expect(
            problems([]) == [
                "templates/strings/de.yml: error: the theme has no UI strings: add templates/strings/de.yml (copy templates/strings/ from the Notices theme; see docs/templates.md)"
            ])
    }

    @Test func missingKeyIsAnErrorAtItsGroupNamingTheReference() {
        let english = Self.english.replacingOccurrences(of: "  label: Search notices\n", with: "")
        #expect(
            problems([("de.yml", Self.german), ("en.yml", english)], settings: "language: en\n") == [
                "templates/strings/en.yml:69:1: error: missing key 'search.label' (templates/strings/de.yml has it: Meldungen durchsuchen)"
            ])
    }

    @Test func anUnfinishedTranslationOnlyWarnsWhileTheSiteUsesAnotherLanguage() {
        let english = Self.english.replacingOccurrences(of: "  label: Search notices\n", with: "")
        #expect(
            problems([("de.yml", Self.german), ("en.yml", english)]) == [
                "templates/strings/en.yml:69:1: warning: missing key 'search.label' (templates/strings/de.yml has it: Meldungen durchsuchen) (an error once a site's 'language' is 'en')"
            ])
        let broken = problems([("de.yml", Self.german), ("fr.yml", "titles: \"unclosed\n")])
        #expect(
            broken.count == 1 && broken[0].hasPrefix("templates/strings/fr.yml:2:1: warning: YAML syntax error"),
            "\(broken)")
    }

    @Test func missingGeneratorKeyIsAnErrorInTheReferenceToo() {
        let german = Self.german.replacingOccurrences(of: "  disruption: Störung\n", with: "")
        let english = Self.english.replacingOccurrences(of: "  disruption: Disruption\n", with: "")
        #expect(
            problems([("de.yml", german), ("en.yml", english)]).filter { $0.contains("state.disruption") }.count == 2)
        #expect(
            problems([("de.yml", german), ("en.yml", english)]).first?.hasSuffix(
                "missing key 'state.disruption', which the generator needs (see docs/templates.md)") == true)
    }

    @Test func unknownKeyIsAWarningWithASuggestion() {
        let english = Self.english.replacingOccurrences(
            of: "  label: Search notices\n", with: "  label: Search notices\n  lable: Search\n")
        #expect(
            problems([("de.yml", Self.german), ("en.yml", english)]) == [
                "templates/strings/en.yml:71:3: warning: unknown key 'search.lable' (did you mean 'search.label'?); templates/strings/de.yml does not have it, so no template or page uses it"
            ])
    }

    @Test func placeholderNobodyFillsInIsAnError() {
        let english = Self.english
            .replacingOccurrences(
                of: "  hint_product: All notices about {product}\n",
                with: "  hint_product: All notices about {prodct}\n"
            )
            .replacingOccurrences(of: "  year: Notices from {year}\n", with: "  year: Notices from {jahr}\n")
        #expect(
            problems([("de.yml", Self.german), ("en.yml", english)], settings: "language: en\n") == [
                "templates/strings/en.yml:7:9: error: '{jahr}' is not a placeholder of 'titles.year'; it takes {year}",
                "templates/strings/en.yml:101:17: error: '{prodct}' is not a placeholder of 'filter.hint_product' (did you mean 'product'?); it takes {product}",
            ])
    }

    @Test(arguments: [
        (
            "- a list\n- of texts\n",
            "templates/strings/en.yml:1:1: error: a strings file must be a mapping of keys to values (found a list)"
        ),
        ("titles: [a, b]\n", "templates/strings/en.yml:1:9: error: 'titles' must be text (found a list)"),
        (
            "titles:\n  products: 123\n",
            "templates/strings/en.yml:2:13: error: 'products' must be text (found the number 123); put it in quotes: products: \"123\""
        ),
        (
            "titles:\n  products: yes\n",
            "templates/strings/en.yml:2:13: error: 'products' must be text (found 'yes', which YAML reads as true); put it in quotes: products: \"yes\""
        ),
        (
            "titles:\n  products:\n",
            "templates/strings/en.yml:2:12: error: 'products' has no value; write text after 'products:'"
        ),
        (
            "titles:\n  deeper:\n    x: y\n",
            "templates/strings/en.yml:3:5: error: 'titles.deeper' must be text (found a mapping); strings files have one level of groups at most"
        ),
        (
            "Titles:\n  products: P\n",
            "templates/strings/en.yml:1:1: error: key 'Titles' must be snake_case: a-z, 0-9 and '_', starting with a letter"
        ),
        (
            "titles: \"unclosed\n",
            "templates/strings/en.yml:2:1: error: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 1)"
        ),
    ])
    func malformedFilesAreErrorsNotCrashes(text: String, expected: String) {
        let found = problems([("de.yml", Self.german), ("en.yml", text)], settings: "language: en\n")
        #expect(found.contains(expected), "\(found.prefix(3))")
    }

    @Test func templateNamingAnUnknownTextIsWarnedAbout() {
        let text = "<h1>{{t.titles.not_found}}</h1>\n<p>{{t.search.lable}} {{t.nothing}}</p>"
        #expect(
            Fixtures.problems(template: "404", text) == [
                "templates/404.mustache:2:4: warning: 't.search.lable' is not a UI text: templates/strings/de.yml has no key 'search.lable' (did you mean 'search.label'?); see docs/templates.md",
                "templates/404.mustache:2:23: warning: 't.nothing' is not a UI text: templates/strings/de.yml has no key 'nothing'; see docs/templates.md",
            ])
    }
}
