import Testing

@testable import NoticeKit

@Suite struct CatalogTests {
    let catalog = reporting {
        CatalogLoader.load(SourceFile(path: "content/products.yml", text: Fixtures.catalog), into: &$0)
    }.0

    @Test func derivesTheLabelsCustomersKnow() {
        let labels = catalog.products.map { "\($0.id)=\($0.label)" }
        #expect(
            labels == [
                "drkcms=DRKCMS",
                "drkcms-v6=DRKCMS v6 (ab 2014)",
                "drkcms-v6-brk=DRKCMS v6 (ab 2014) BRK-Version",
                "drkcms-v6-lv=DRKCMS v6 (ab 2014) LV-Vorlage",
                "drkcms-v6-ov=DRKCMS v6 (ab 2014) OV-Vorlage",
                "drkcms-v6-kv=DRKCMS v6 (ab 2014) KV-Vorlage",
                "drkcms-v7=DRKCMS v7 (ab 2017)",
                "drkcms-v9=DRKCMS v9 (ab 2019)",
                "jrkcms=JRKCMS",
                "jrkcms-v6=JRKCMS v6 (ab 2014)",
            ])
    }

    @Test func explicitLabelOverridesTheDerivedOne() {
        let (catalog, problems) = reporting {
            CatalogLoader.load(
                SourceFile(path: "p.yml", text: "- { id: x, name: X, since: 2020, label: Das neue X }\n"), into: &$0)
        }
        #expect(problems.isEmpty)
        #expect(catalog["x"]?.label == "Das neue X")
    }

    @Test(arguments: [
        ("drkcms-v6-kv", ["drkcms", "drkcms-v6", "drkcms-v6-kv"]),
        ("drkcms-v6", ["drkcms", "drkcms-v6", "drkcms-v6-brk", "drkcms-v6-lv", "drkcms-v6-ov", "drkcms-v6-kv"]),
        (
            "drkcms",
            [
                "drkcms", "drkcms-v6", "drkcms-v6-brk", "drkcms-v6-lv", "drkcms-v6-ov", "drkcms-v6-kv", "drkcms-v7",
                "drkcms-v9",
            ]
        ),
        ("drkcms-v7", ["drkcms", "drkcms-v7"]),
        ("jrkcms-v6", ["jrkcms", "jrkcms-v6"]),
        ("jrkcms", ["jrkcms", "jrkcms-v6"]),
        (
            "all",
            [
                "drkcms", "drkcms-v6", "drkcms-v6-brk", "drkcms-v6-lv", "drkcms-v6-ov", "drkcms-v6-kv", "drkcms-v7",
                "drkcms-v9", "jrkcms", "jrkcms-v6",
            ]
        ),
    ])
    func rollUpReachesAncestorsAndDescendants(tag: String, expected: [String]) {
        #expect(catalog.reach(ofTagged: [tag]).map { catalog.products[$0].id } == expected)
    }

    @Test func rollUpOfSeveralTagsIsTheirUnion() {
        let reach = catalog.reach(ofTagged: ["drkcms-v6-ov", "jrkcms-v6"]).map { catalog.products[$0].id }
        #expect(reach == ["drkcms", "drkcms-v6", "drkcms-v6-ov", "jrkcms", "jrkcms-v6"])
        #expect(!reach.contains("drkcms-v6-kv"))
    }

    @Test func reportsCatalogMistakesWithTheirLines() {
        let text = """
            - id: drkcms
              name: DRKCMS
              children:
                - { id: drkcms, name: Doppelt }
                - { id: Gross, name: X }
                - { id: all, name: Alles }
                - { id: ohne-name }
                - { id: x, name: X, colour: red }

            """
        let problems = reporting { CatalogLoader.load(SourceFile(path: "content/products.yml", text: text), into: &$0) }
            .1.map(\.description)
        #expect(
            problems.contains(
                "content/products.yml:4:13: error: product id 'drkcms' is already used on line 1; ids must be unique"))
        #expect(
            problems.contains(
                "content/products.yml:5:13: error: product id 'Gross' may only hold lower-case a-z, 0-9 and single dashes (try 'gross')"
            ))
        #expect(
            problems.contains(
                "content/products.yml:6:13: error: 'all' is reserved (it stands for every product); choose another id"))
        #expect(problems.contains("content/products.yml:7:7: error: missing required key 'name' in a product"))
        #expect(
            problems.contains { $0.hasPrefix("content/products.yml:8:25: error: unknown key 'colour' in a product") })
    }
}
