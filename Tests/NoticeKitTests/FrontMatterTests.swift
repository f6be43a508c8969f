import Testing

@testable import NoticeKit

@Suite struct FrontMatterTests {
    @Test func validNoticeHasNoProblems() {
        #expect(Fixtures.problems(Fixtures.notice()) == [])
    }

    @Test func yamlSyntaxErrorIsCountedFromTheTopOfTheFile() {
        let text = "---\ntitle: Wartung: Mailserver\ndate: 2016-04-20\ncategory: wartung\nproducts: [all]\n---\nText\n"
        let problems = Fixtures.problems(text)
        #expect(problems.count == 1)
        #expect(
            problems.first?.hasPrefix(
                "content/notices/2016/test.md:2:15: error: YAML syntax error: mapping values are not allowed in this context"
            ) == true)
    }

    @Test func missingRequiredKeysAreEachNamed() {
        let problems = Fixtures.problems("---\ntitle: Nur ein Titel\n---\nText\n")
        #expect(
            problems == [
                "content/notices/2016/test.md:2:1: error: missing required key 'category' in front matter; categories: stoerung, wartung, sicherheit, info",
                "content/notices/2016/test.md:2:1: error: missing required key 'date' in front matter",
                "content/notices/2016/test.md:2:1: error: missing required key 'products' in front matter",
            ])
    }

    @Test func wrongTypesAreExplained() {
        let text = "---\ntitle: 123\ndate: soon\ncategory: NO\nproducts: {a: b}\n---\n"
        #expect(
            Fixtures.problems(text) == [
                "content/notices/2016/test.md:2:8: error: 'title' must be text (found the number 123); put it in quotes: title: \"123\"",
                "content/notices/2016/test.md:3:7: error: 'date' must be a date like 2016-04-20 or 2016-04-20T09:30:00+02:00 (found 'soon')",
                "content/notices/2016/test.md:4:11: error: 'category' must be text (found 'NO', which YAML reads as false); put it in quotes: category: \"NO\"",
                "content/notices/2016/test.md:5:11: error: 'products' must be a list like [a, b] (found a mapping)",
            ])
    }

    @Test(arguments: ["2016-13-45", "2016-02-30", "2016-04-20T25:00", "31.02.16", "2016-04-20T10:00+99:00"])
    func impossibleDatesAreRejected(date: String) {
        let problems = Fixtures.problems(Fixtures.notice(date: date))
        #expect(
            problems == [
                "content/notices/2016/test.md:3:7: error: 'date' must be a date like 2016-04-20 or 2016-04-20T09:30:00+02:00 (found '\(date)')"
            ])
    }

    @Test func unknownProductSuggestsTheNearestIDs() {
        let problems = Fixtures.problems(Fixtures.notice(products: "[drkcms-v8]"))
        #expect(
            problems == [
                "content/notices/2016/test.md:5:12: error: unknown product 'drkcms-v8' (did you mean 'drkcms-v7' or 'drkcms-v9'?); see content/products.yml"
            ])
    }

    @Test func productIDsDifferingInCaseAreRefusedWithTheRightSpelling() {
        let problems = Fixtures.problems(Fixtures.notice(products: "[DRKCMS-V7]"))
        #expect(
            problems == [
                "content/notices/2016/test.md:5:12: error: unknown product 'DRKCMS-V7' (did you mean 'drkcms-v7'? ids are lower-case); see content/products.yml"
            ])
    }

    @Test func unknownKeyListsTheAllowedOnes() {
        let problems = Fixtures.problems(Fixtures.notice(extra: "categroy: info\n"))
        #expect(
            problems == [
                "content/notices/2016/test.md:6:1: error: unknown key 'categroy' in front matter (did you mean 'category'?); allowed keys: title, date, category, products, summary, slug, aliases, status, resolved_at, window, updates, not_affected, draft, publish_at, expires_at, pinned, impact"
            ])
    }

    @Test func manyUnknownKeysAreCountedAfterTheFirstTwenty() {
        let keys = (0..<500).map { "k\($0): v\n" }.joined()
        let problems = Fixtures.problems(Fixtures.notice(extra: keys))
        #expect(problems.count == 21)
        #expect(
            problems.last
                == "content/notices/2016/test.md:26:1: error: 480 more unknown keys in front matter (not listed); fix the ones above first"
        )
    }

    @Test func unknownCategorySuggestsOne() {
        let problems = Fixtures.problems(Fixtures.notice(category: "stoerungen"))
        #expect(
            problems == [
                "content/notices/2016/test.md:4:11: error: unknown category 'stoerungen' (did you mean 'stoerung'?); categories: stoerung, wartung, sicherheit, info"
            ])
    }

    @Test func duplicateKeyNamesBothLines() {
        let problems = Fixtures.problems(Fixtures.notice(extra: "title: Nochmal\n"))
        #expect(
            problems == [
                "content/notices/2016/test.md:6:1: error: duplicate key 'title' on line 2 and line 6; keep one"
            ])
    }

    @Test func unclosedFrontMatterNamesTheOpeningLine() {
        #expect(
            Fixtures.problems("---\ntitle: x\n\nText ohne Ende\n") == [
                "content/notices/2016/test.md:1:1: error: front matter opened here is never closed: add a line '---' after the last key"
            ])
    }

    @Test func aliasBombIsRefusedBeforeItGrows() {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        let problems = Fixtures.problems("---\n" + yaml + "? *i\n: 1\n---\n")
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("content/notices/2016/test.md:2:4: error: YAML anchors and aliases") == true)
    }

    @Test func deepNestingIsRefused() {
        let problems = Fixtures.problems("---\ntitle: " + String(repeating: "[", count: 5000) + "\n---\n")
        #expect(problems.count == 1)
        #expect(problems.first?.contains("nested more than 32 levels") == true)
    }

    /// Ways to nest without brackets: indented mappings, compact sequences (`- - x`), and
    /// sequences whose dash ends its line. Each must still be refused.
    @Test(arguments: [
        (0..<40).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x",
        "title:\n" + String(repeating: "- ", count: 40) + "x",
        "title:\n" + (0..<40).map { String(repeating: " ", count: 2 * $0) + "-" }.joined(separator: "\n") + " x",
    ])
    func deepNestingWithoutBracketsIsRefused(yaml: String) {
        let problems = Fixtures.problems("---\n" + yaml + "\n---\n")
        #expect(problems.contains { $0.contains("nested more than 32 levels") }, "\(problems)")
    }

    @Test func byteOrderMarkAndCRLFGiveTheSameNotice() throws {
        let clean = Fixtures.notice(
            body: "Erster Absatz mit genug Text, um als Zusammenfassung zu gelten.\n\n## Ursache")
        let windows = "\u{FEFF}" + clean.replacingOccurrences(of: "\n", with: "\r\n")
        let a = try Fixtures.site([Fixtures.notice("2016/a.md", clean)]).notices[0]
        let b = try Fixtures.site([Fixtures.notice("2016/a.md", windows)]).notices[0]
        #expect(a.title == b.title && a.date == b.date && a.summary == b.summary && a.body == b.body)
    }

    @Test func invalidUTF8AndNULAreReportedWithTheirOffset() {
        var bytes = Array(Fixtures.notice().utf8)
        bytes.insert(0xFF, at: 10)
        let (_, invalid) = Fixtures.assemble(
            Fixtures.sources(notices: [SourceFile(path: "content/notices/2016/x.md", bytes: bytes)]), threads: 1)
        #expect(
            invalid.sorted.map(\.description) == [
                "content/notices/2016/x.md:2:7: error: file is not valid UTF-8 (first bad byte at offset 10); save it as UTF-8"
            ])
        let (_, nul) = Fixtures.assemble(
            Fixtures.sources(notices: [SourceFile(path: "content/notices/2016/x.md", bytes: [45, 45, 45, 10, 0])]),
            threads: 1)
        #expect(
            nul.sorted.map(\.description) == [
                "content/notices/2016/x.md:2:1: error: file holds a NUL byte at byte offset 4; notices must be UTF-8 text"
            ])
    }

    @Test func controlCharactersNeverEnterThePipeline() throws {
        let raw = Fixtures.notice(
            title: "\"Wartung\\x01 am \\x0bServer\\x7f\"", body: "Text\u{01} mit\u{0B} Steuer\u{7F}zeichen\u{85}.")
        let notice = try Fixtures.site([Fixtures.notice("2016/a.md", raw)]).notices[0]
        #expect(notice.title == "Wartung am Server")
        #expect(notice.body.html == "<p>Text mit Steuerzeichen.</p>\n")
    }

    @Test func dateOnlyIsABerlinCalendarDateNotUTCMidnight() throws {
        let notice = try Fixtures.site([Fixtures.notice("2016/a.md", Fixtures.notice(date: "2016-04-12"))]).notices[0]
        #expect(notice.date.isoDate == "2016-04-12")
        #expect(notice.date.rfc3339 == "2016-04-12")
        #expect(notice.date.rfc3339DateTime == "2016-04-12T00:00:00+02:00")
        #expect(notice.id == "2016/a")
    }

    @Test func dateTimeWithOffsetIsShownInTheSiteTimeZone() throws {
        let notice = try Fixtures.site([Fixtures.notice("2016/a.md", Fixtures.notice(date: "2016-12-31T23:30:00Z"))])
            .notices[0]
        #expect(notice.date.rfc3339 == "2017-01-01T00:30:00+01:00")
        #expect(notice.id == "2017/a")
    }

    @Test func everyProblemOfAllFilesIsReportedInOneRun() {
        let sources = Fixtures.sources(notices: [
            Fixtures.notice("2016/b.md", Fixtures.notice(products: "[nope]")),
            Fixtures.notice("2016/a.md", Fixtures.notice(category: "x")),
        ])
        let (site, diagnostics) = Fixtures.assemble(sources, threads: 2)
        #expect(site == nil)
        #expect(diagnostics.sorted.map(\.location?.path) == ["content/notices/2016/a.md", "content/notices/2016/b.md"])
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
