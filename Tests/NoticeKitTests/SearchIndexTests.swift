import Foundation
import Testing

@testable import NoticeKit

/// The search index: terms split as the browser splits a query, postings that point at the right
/// notices, shards that cover every term once, and output that is valid JSON and stable.
@Suite struct SearchIndexTests {
    func site() throws -> Site {
        try Fixtures.site([
            Fixtures.notice(
                "2016/a.md",
                Fixtures.notice(
                    title: "Störung \"</script>\" im E-Mail-Versand", date: "2016-04-20",
                    body: "## Ursache\n\nDer Mailserver\u{00A0}war überlastet.\n")),
            Fixtures.notice(
                "2019/b.md",
                Fixtures.notice(
                    title: "Wartung", date: "2019-10-01", category: "wartung",
                    body: "## Ablauf\n\n### Ursache\n\nDer Webserver wird neu gestartet.\n")),
        ])
    }

    func files(_ site: Site, threads: Int = 1) -> [String: [UInt8]] {
        let index = SearchIndex(site: site, paths: SitePaths(settings: site.settings))
        return Dictionary(uniqueKeysWithValues: index.files(threads: threads).map { ($0.path, $0.bytes) })
    }

    func json(_ bytes: [UInt8]?) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try #require(bytes)))
    }

    @Test func termsAreSplitAtJavaScriptWhitespaceAndKeptAsWritten() {
        #expect(
            SearchTerms.terms("  Störung,\tE-Mail\u{00A0}v7.2\u{2003}\u{3000}Ende ") == [
                "Störung,", "E-Mail", "v7.2", "Ende",
            ])
        // A combining mark after a space starts the next term, as `split(/\s+/)` sees it.
        #expect(SearchTerms.terms("a \u{0301}b") == ["a", "\u{0301}b"])
        // U+0085 and U+200B are not `\s` in JavaScript.
        #expect(SearchTerms.terms("a\u{0085}b\u{200B}c") == ["a\u{0085}b\u{200B}c"])
    }

    @Test func postingsPointAtTheNoticesHoldingATerm() throws {
        let site = try site()
        let terms = SearchTerms(
            headings: ["Ursache", "Ablauf · Ursache"], summaries: ["Der Mailserver der Der", "Der Webserver"])
        #expect(terms.terms == ["Ablauf", "Der", "Mailserver", "Ursache", "Webserver", "der", "·"])
        let ursache = try #require(terms.terms.firstIndex(of: "Ursache"))
        #expect(terms.postings[ursache].headings == [0, 1])
        #expect(terms.postings[ursache].summary == [])
        let der = try #require(terms.terms.firstIndex(of: "Der"))
        #expect(terms.postings[der].summary == [0, 1])

        let written = files(site)
        let manifest = try #require(try json(written["search.json"]) as? [String: Any])
        let allTerms = try #require(manifest["terms"] as? [String])
        let shards = try #require(manifest["termShards"] as? [[String: Any]])
        var summaryTerms: [Int: Set<String>] = [:]
        for (number, shard) in shards.enumerated() {
            let first = try #require(shard["first"] as? Int)
            let end = number + 1 < shards.count ? shards[number + 1]["first"] as? Int ?? -1 : allTerms.count
            let path = try #require(shard["path"] as? String)
            let postings = try #require(try json(written[path]) as? [[[Int]]])
            #expect(postings.count == end - first)
            for (offset, fields) in postings.enumerated() {
                var at = 0
                for gap in fields[1] {
                    at += gap
                    summaryTerms[at, default: []].insert(allTerms[first + offset])
                }
            }
        }
        let text = try #require(manifest["textShards"] as? [String: Any])
        var texts: [[String]] = []
        for path in try #require(text["paths"] as? [String]) {
            texts += try #require(try json(written[path]) as? [[String]])
        }
        #expect(texts.map { $0[0] }.sorted() == site.notices.map(\.id).sorted())
        for (position, entry) in texts.enumerated() {
            let notice = try #require(site.notices.first { $0.id == entry[0] })
            #expect(entry[1] == notice.summary)
            #expect(summaryTerms[position] == Set(SearchTerms.terms(notice.summary).map(String.init)), "\(notice.id)")
        }
    }

    @Test func chunksMergeInOrderWhateverTheThreadCount() {
        let summaries = (0..<1500).map { "wort\($0 % 7) Nummer\($0)" }
        let one = SearchTerms(headings: Array(repeating: "Ursache", count: 1500), summaries: summaries, threads: 1)
        let many = SearchTerms(headings: Array(repeating: "Ursache", count: 1500), summaries: summaries, threads: 4)
        #expect(one.terms == many.terms)
        #expect(one.postings.map(\.summary) == many.postings.map(\.summary))
        let wort3 = one.terms.firstIndex(of: "wort3")!
        #expect(one.postings[wort3].summary == Array(stride(from: 3, to: 1500, by: 7)))
        #expect(one.postings[one.terms.firstIndex(of: "Ursache")!].headings == Array(0..<1500))
    }

    @Test func shardsCoverEveryTermOnceWithinTheirBudget() {
        let summaries = (0..<300).map { "wort\($0 % 37) gemeinsam \($0)" }
        let terms = SearchTerms(headings: Array(repeating: "", count: 300), summaries: summaries)
        let shards = terms.shards(budget: 64)
        #expect(shards.first?.lowerBound == 0)
        #expect(shards.last?.upperBound == terms.terms.count)
        for (a, b) in zip(shards, shards.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        for shard in shards where shard.count > 1 {
            #expect(shard.map { terms.postings[$0].count }.reduce(0, +) <= 64)
        }
        // "gemeinsam" alone has 300 postings: a shard of its own rather than split.
        let common = terms.terms.firstIndex(of: "gemeinsam")!
        #expect(shards.contains(common..<(common + 1)))
    }

    @Test func manifestHoldsTitlesDaysAndEscapedText() throws {
        let site = try site()
        let manifest = try #require(try json(files(site)["search.json"]) as? [String: Any])
        let notices = try #require(manifest["notices"] as? [String: Any])
        // Newest first, whatever the site's own order.
        #expect(notices["title"] as? [String] == ["Wartung", "Störung \"</script>\" im E-Mail-Versand"])
        #expect(notices["day"] as? [Int] == [18_170, 18_170 - 16_911])  // 2019-10-01, then 2016-04-20
        #expect(manifest["url"] as? String == "meldungen/{id}/")
        let bytes = try #require(files(site)["search.json"])
        #expect(!String(decoding: bytes, as: UTF8.self).contains("</script>"))
    }

    @Test func daysCountFrom1970() throws {
        func days(_ text: String, in zone: TimeZone = .gmt) throws -> Int {
            try #require(NoticeDate.parse(text, timeZone: zone)).dayNumber
        }
        #expect(try days("1970-01-01") == 0)
        #expect(try days("2000-02-29") == 11_016)
        #expect(try days("2016-04-20") == 16_911)
        // The calendar date in the site's time zone, whatever the offset: Berlin's midnight is
        // the evening before in UTC; before 1970 the numbers are negative.
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(try days("2016-04-20", in: berlin) == 16_911)
        #expect(try days("2016-04-20T23:59", in: berlin) == 16_911)
        #expect(NoticeDate(instant: -3_600, timeZone: berlin).dayNumber == 0)  // 1970-01-01 00:00 in Berlin
        #expect(NoticeDate(instant: -3_601, timeZone: berlin).dayNumber == -1)
    }

    @Test func outputIsTheSameWhateverTheThreadCount() throws {
        let site = try site()
        let index = SearchIndex(site: site, paths: SitePaths(settings: site.settings))
        #expect(index.files(threads: 1).map(\.path) == index.outputPaths)
        #expect(files(site, threads: 1) == files(site, threads: 4))
    }
}
