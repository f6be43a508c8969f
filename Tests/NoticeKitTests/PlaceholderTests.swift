import Testing

@testable import NoticeKit

/// What `notices new` writes as placeholders must be replaced before a notice builds.
@Suite struct PlaceholderTests {
    static let settings = SiteSettings()
    static let catalog = reporting {
        CatalogLoader.load(SourceFile(path: "content/products.yml", text: Fixtures.catalog), into: &$0)
    }.0

    @Test(arguments: NoticeScaffold.skeletonCategories.filter { !$0.isEmpty })
    func anUnfilledScaffoldIsAnErrorAtEachPlaceholderLine(category: String) throws {
        let request = NoticeScaffold.Request(
            title: "Test", category: category, products: ["drkcms-v7"],
            date: try #require(NoticeDate.parse("2026-12-01", timeZone: Self.settings.timeZone)), slug: nil,
            draft: false)
        let (scaffold, problems) = reporting {
            NoticeScaffold.make(request, settings: Self.settings, catalog: Self.catalog, into: &$0)
        }
        let made = try #require(scaffold, "\(problems)")
        #expect(!problems.contains { $0.text.code == .placeholderLeft }, "notices new itself must not complain")
        let found = Fixtures.problems(made.text, path: "2026/test.md")
        let lines = made.text.split(separator: "\n", omittingEmptySubsequences: false)
        let placeholderLines = lines.indices.filter { index in
            ScaffoldPlaceholders.shared.texts.contains { lines[index].contains($0) }
        }.map { $0 + 1 }
        #expect(!placeholderLines.isEmpty)
        #expect(found.count == placeholderLines.count, "\(found)")
        for (problem, line) in zip(found, placeholderLines) {
            #expect(problem.hasPrefix("content/notices/2026/test.md:\(line):"), "\(problem)")
            #expect(problem.contains(": error: placeholder not replaced yet: '"))
        }
    }

    @Test func theGermanMessageSaysPlatzhalter() {
        let text = Fixtures.notice(
            category: "wartung", body: "Die Arbeiten beginnen am **TT. Monat JJJJ um HH:MM Uhr**.")
        let (_, diagnostics) = Fixtures.assemble(
            Fixtures.sources(notices: [Fixtures.notice("2016/test.md", text)]), threads: 1)
        #expect(
            diagnostics.sorted.map { $0.line(in: .german) } == [
                "content/notices/2016/test.md:7:28: error: Platzhalter noch nicht ersetzt: 'TT. Monat JJJJ'; schreiben Sie hier den Text der Meldung [platzhalter]"
            ])
    }

    @Test func realTextWithParenthesesAndEllipsesBuilds() {
        let body =
            "Seit 09:30 Uhr ist die Anmeldung gestört (betrifft DRKCMS v6 (ab 2014)). Wir prüfen … und melden uns.\n\n## Ursache\n\nDie Ursache wird derzeit untersucht."
        #expect(Fixtures.problems(Fixtures.notice(body: body)).isEmpty)
    }

    @Test func theSkeletonsYieldTheKnownPlaceholders() {
        let texts = ScaffoldPlaceholders.shared.texts
        #expect(texts.contains("TT. Monat JJJJ") && texts.contains("HH:MM"))
        #expect(texts.contains("(In einem Satz: Was funktioniert nicht, und wer ist betroffen?)"))
        #expect(texts.contains("ist … gestört."))
    }
}

/// The schema of `notices schema` names exactly the keys the decoder accepts.
@Suite struct FrontMatterSchemaTests {
    @Test func theSchemaHasEveryKeyTheDecoderAccepts() throws {
        let catalog = reporting {
            CatalogLoader.load(SourceFile(path: "content/products.yml", text: Fixtures.catalog), into: &$0)
        }.0
        let schema = FrontMatterSchema.schema(settings: SiteSettings(), catalog: catalog)
        let properties = try #require(schema["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(NoticeDecoder.allowedKeys))
        #expect(schema["required"] as? [String] == ["title", "date", "category", "products"])
    }

    @Test func theSameSiteGivesTheSameBytes() {
        let catalog = reporting {
            CatalogLoader.load(SourceFile(path: "content/products.yml", text: Fixtures.catalog), into: &$0)
        }.0
        #expect(
            FrontMatterSchema.json(settings: SiteSettings(), catalog: catalog)
                == FrontMatterSchema.json(settings: SiteSettings(), catalog: catalog))
    }
}
