import Testing

@testable import NoticeKit

/// Unknown product ids are matched against what editors type: labels, names, other spellings.
@Suite struct ProductSuggestionTests {
    static let catalog = reporting {
        CatalogLoader.load(SourceFile(path: "content/products.yml", text: Fixtures.catalog), into: &$0)
    }.0

    @Test(arguments: [
        "DRKCMS v6 KV-Vorlage", "DRKCMS v6 (ab 2014) KV-Vorlage", "KV-Vorlage", "drkcms v6 kv", "drkcms-v6-kv-vorlage",
        "Drkcms V6 Kv",
    ])
    func labelsNamesAndSpellingsSuggestThePreciseID(written: String) {
        #expect(Suggestions.nearest(product: written, in: Self.catalog) == ["drkcms-v6-kv"])
    }

    @Test func aBroaderNodeIsNeverSuggestedWhenAPreciseOneMatches() {
        // Before: 'DRKCMS v6 KV-Vorlage' answered 'drkcms', which widens the notice to every version.
        let near = Suggestions.nearest(product: "DRKCMS v6 KV", in: Self.catalog)
        #expect(near.first == "drkcms-v6-kv")
        #expect(!near.contains("drkcms") && !near.contains("drkcms-v6"))
    }

    @Test func aBroadNodeIsStillSuggestedWhenItIsTheNearest() {
        #expect(Suggestions.nearest(product: "DRKCMS v6", in: Self.catalog) == ["drkcms-v6"])
        #expect(Suggestions.nearest(product: "drkcms-v66", in: Self.catalog).first == "drkcms-v6")
        #expect(Suggestions.nearest(product: "drkcms-v8", in: Self.catalog) == ["drkcms-v7", "drkcms-v9"])
    }

    @Test func nothingNearGivesNoSuggestion() {
        #expect(Suggestions.nearest(product: "Kaffeemaschine", in: Self.catalog).isEmpty)
        #expect(Suggestions.nearest(product: "(ab 2014)", in: Self.catalog).isEmpty)
    }

    @Test func theMessageNamesTheLabelSuggestion() {
        let problems = Fixtures.problems(Fixtures.notice(products: "[DRKCMS v6 KV-Vorlage]"))
        #expect(
            problems == [
                "content/notices/2016/test.md:5:12: error: unknown product 'DRKCMS v6 KV-Vorlage' (did you mean 'drkcms-v6-kv'?); see content/products.yml"
            ])
    }

    @Test func foldingIgnoresCaseSpacesSinceAndTheWordVorlage() {
        #expect(Suggestions.fold("DRKCMS v6 (ab 2014) KV-Vorlage") == "drkcmsv6kv")
        #expect(Suggestions.fold("DRKCMS v6 (since 2014) KV template") == "drkcmsv6kvtemplate")
        #expect(Suggestions.fold("Störung (Übersicht)") == "störungübersicht")
    }
}
