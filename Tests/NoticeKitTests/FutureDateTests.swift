import Foundation
import Testing

@testable import NoticeKit

/// As in Hugo: a notice dated in the future waits for its date unless `--future`; `publish_at` wins.
@Suite struct FutureDateTests {
    /// 2026-11-29T12:00:00+01:00
    static let now: Int64 = 1_795_950_000

    func site(_ extra: String = "", date: String, includeFuture: Bool = false) throws -> Site {
        let sources = Fixtures.sources(notices: [
            Fixtures.notice("2026/heute.md", Fixtures.notice(title: "Heute", date: "2026-11-28")),
            Fixtures.notice("2026/kuenftig.md", Fixtures.notice(title: "Künftig", date: date, extra: extra)),
        ])
        let (site, diagnostics) = Fixtures.assemble(
            sources, time: BuildTime(now: Self.now, includeFuture: includeFuture, schedulesByDate: true), threads: 1)
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        return try #require(site)
    }

    @Test func aFutureDateIsNotPublishedBeforeItAndCountsAsTheNextChange() throws {
        let site = try site(date: "2026-12-06T18:30")
        #expect(site.notices.map(\.title) == ["Heute"])
        let expected = try #require(
            NoticeDate.parse("2026-12-06T18:30", timeZone: TimeZone(identifier: "Europe/Berlin")!))
        #expect(site.nextChange == expected.instant)
    }

    @Test func futureShowsItAsAPreview() throws {
        let site = try site(date: "2026-12-06T18:30", includeFuture: true)
        #expect(site.notices.count == 2)
        #expect(site.notices.first { $0.title == "Künftig" }?.state.preview == true)
    }

    @Test func publishAtOverridesTheDate() throws {
        let site = try site("publish_at: 2026-11-29T08:00\n", date: "2026-12-06")
        #expect(Set(site.notices.map(\.title)) == ["Heute", "Künftig"])
    }

    @Test func aPastDateIsPublished() throws {
        let site = try site(date: "2026-11-29T11:59")
        #expect(site.notices.count == 2)
    }
}
