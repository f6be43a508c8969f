import Foundation
import Testing

@testable import NoticeKit

@Suite struct LifecycleTests {
    /// 2026-11-29T12:00:00+01:00
    static let now: Int64 = 1_795_950_000

    func site(
        _ notices: [(String, String)], time: BuildTime = BuildTime(now: LifecycleTests.now),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Site {
        let sources = Fixtures.sources(notices: notices.map { Fixtures.notice($0.0, $0.1) })
        let (site, diagnostics) = Fixtures.assemble(sources, time: time, threads: 1)
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)", sourceLocation: sourceLocation)
        return try #require(site, sourceLocation: sourceLocation)
    }

    @Test func nowIsTheInstantWeThinkItIs() {
        #expect(
            NoticeDate.parse("2026-11-29T12:00:00+01:00", timeZone: TimeZone(identifier: "Europe/Berlin")!)?.instant
                == Self.now)
    }

    @Test(
        arguments: [
            ("status: ongoing\n", nil as NoticeState.WindowPhase?, true, 0),
            ("status: monitoring\n", nil, true, 2),
            ("status: resolved\nresolved_at: 2026-11-20T10:00\n", nil, false, 4),
            ("window: {start: 2026-12-03T22:00, end: 2026-12-04T02:00}\n", .upcoming, true, 3),
            ("window: {start: 2026-11-29T11:00, end: 2026-11-29T13:00}\n", .running, true, 1),
            ("window: {start: 2026-11-01T22:00, end: 2026-11-02T02:00}\n", .finished, false, 4),
            ("status: ongoing\nexpires_at: 2026-11-29T11:59\n", nil, false, 0),
            ("", nil, false, 4),
        ] as [(String, NoticeState.WindowPhase?, Bool, Int)])
    func stateAtAGivenNow(extra: String, phase: NoticeState.WindowPhase?, current: Bool, severity: Int) throws {
        let notice = try site([("2026/a.md", Fixtures.notice(date: "2026-11-01", category: "wartung", extra: extra))])
            .notices[0]
        #expect(notice.state.windowPhase == phase)
        #expect(notice.state.isCurrent == current)
        #expect(notice.state.severity == severity)
    }

    @Test func statesReadAsCustomersExpect() throws {
        let built = try site([
            (
                "2026/a.md",
                Fixtures.notice(
                    category: "wartung", extra: "window: {start: 2026-12-03T22:00, end: 2026-12-04T02:00}\n")
            ),
            ("2026/b.md", Fixtures.notice(extra: "status: resolved\nresolved_at: 2016-04-21T08:15\n")),
            ("2026/c.md", Fixtures.notice(extra: "status: ongoing\n")),
            ("2026/d.md", Fixtures.notice(extra: "status: resolved\n")),
        ])
        let texts = StateTexts(strings: built.strings)
        let notices = built.notices.sorted { $0.sourcePath < $1.sourcePath }
        #expect(
            notices.map { texts.label(for: $0) } == [
                "Wartung am 3. Dezember 2026, 22:00–02:00 Uhr",
                "Behoben am 21. April 2016, 08:15 Uhr",
                "Störung",
                "Behoben",
            ])
    }

    @Test func currentNoticesRollUpAndComeMostSevereFirst() throws {
        let site = try site([
            (
                "2026/kv-wartung.md",
                Fixtures.notice(
                    date: "2026-11-20", category: "wartung", products: "[drkcms-v6-kv]",
                    extra: "window: {start: 2026-12-03T22:00, end: 2026-12-04T02:00}\n")
            ),
            (
                "2026/v6-stoerung.md",
                Fixtures.notice(date: "2026-11-10", products: "[drkcms-v6]", extra: "status: ongoing\n")
            ),
            (
                "2026/jrk-beobachtung.md",
                Fixtures.notice(date: "2026-11-28", products: "[jrkcms]", extra: "status: monitoring\n")
            ),
            ("2026/alt.md", Fixtures.notice(date: "2026-11-27", products: "[all]", extra: "status: resolved\n")),
        ])
        func current(_ id: String) -> [String] {
            site.currentByProduct[site.catalog.index(of: id)!].map { site.notices[$0].slug }
        }
        #expect(site.current.map { site.notices[$0].slug } == ["v6-stoerung", "jrk-beobachtung", "kv-wartung"])
        #expect(current("drkcms-v6-kv") == ["v6-stoerung", "kv-wartung"])
        #expect(current("drkcms-v6-ov") == ["v6-stoerung"])
        #expect(current("drkcms") == ["v6-stoerung", "kv-wartung"])
        #expect(current("drkcms-v7") == [])
        #expect(current("jrkcms-v6") == ["jrk-beobachtung"])
    }

    @Test func pinnedNoticesStayOnTopWhileNotExpired() throws {
        let site = try site([
            ("2026/neu.md", Fixtures.notice(date: "2026-11-28")),
            ("2026/angeheftet.md", Fixtures.notice(date: "2020-01-01", extra: "pinned: true\n")),
            (
                "2026/abgelaufen.md",
                Fixtures.notice(date: "2019-01-01", extra: "pinned: true\nexpires_at: 2026-01-01T00:00\n")
            ),
        ])
        #expect(site.notices.map(\.slug) == ["angeheftet", "neu", "abgelaufen"])
    }

    @Test func nextChangeIsTheEarliestScheduledMoment() throws {
        let site = try site([
            (
                "2026/a.md",
                Fixtures.notice(
                    category: "wartung",
                    extra: "window: {start: 2026-12-03T22:00:00+01:00, end: 2026-12-04T02:00:00+01:00}\n")
            ),
            ("2026/b.md", Fixtures.notice(extra: "publish_at: 2026-12-01T08:00:00+01:00\n")),
            ("2026/c.md", Fixtures.notice(extra: "expires_at: 2026-12-24T00:00:00+01:00\n")),
            ("2026/d.md", Fixtures.notice(extra: "draft: true\npublish_at: 2026-11-30T00:00:00+01:00\n")),
        ])
        #expect(
            site.nextChange.map {
                NoticeDate(instant: $0, timeZone: TimeZone(identifier: "Europe/Berlin")!).rfc3339DateTime
            } == "2026-12-01T08:00:00+01:00")
    }

    @Test func lifecycleMistakesAreReportedWithTheirPlace() {
        let text = Fixtures.notice(
            category: "wartung",
            extra: """
                status: kaputt
                window: {start: 2026-12-04T02:00, end: 2026-12-03T22:00}
                resolved_at: 2026-12-01
                publish_at: bald
                not_affected: [drkcms-v8, Geschäftskunden-Produktreihe]
                updates:
                  - {date: 2026-12-01, txt: Hallo}

                """)
        #expect(
            Fixtures.problems(text) == [
                "content/notices/2016/test.md:6:9: error: unknown status 'kaputt'; use one of ongoing, monitoring, resolved",
                "content/notices/2016/test.md:7:40: error: window end (2026-12-03T22:00:00+01:00) must be after its start (2026-12-04T02:00:00+01:00)",
                "content/notices/2016/test.md:8:1: error: 'resolved_at' needs 'status: resolved'",
                "content/notices/2016/test.md:9:13: error: 'publish_at' must be a date-time like 2026-12-03T22:00 or 2026-12-03T22:00:00+01:00 (found 'bald')",
                "content/notices/2016/test.md:10:16: error: unknown product 'drkcms-v8' in 'not_affected' (did you mean 'drkcms-v7' or 'drkcms-v9'?); write free text with a capital letter or a space",
                "content/notices/2016/test.md:12:5: error: missing required key 'text' in an update",
                "content/notices/2016/test.md:12:24: error: unknown key 'txt' in an update (did you mean 'text'?); allowed keys: date, text",
            ])
    }

    @Test func editorialWarnings() {
        let longTitle = String(repeating: "Wartung ", count: 16)
        let text = Fixtures.notice(
            title: longTitle, date: "2026-10-01",
            extra: "status: ongoing\nsummary: \(String(repeating: "x", count: 210))\n",
            body: String(repeating: "Ein langer Absatz ohne jede Überschrift. ", count: 40))
        let (_, diagnostics) = Fixtures.assemble(
            Fixtures.sources(notices: [Fixtures.notice("2026/a.md", text)]),
            time: BuildTime(now: Self.now), threads: 1)
        #expect(
            diagnostics.sorted.map(\.description) == [
                "content/notices/2026/a.md:2:8: warning: title is 127 characters long; keep it under 120 so it fits lists and feeds",
                "content/notices/2026/a.md:6:9: warning: disruption is still 'ongoing' after 59 days; set 'status: resolved' with 'resolved_at' or add an update",
                "content/notices/2026/a.md:7:10: warning: summary is 210 characters long (limit 200, 'summary_length' in site.yml); lists show it whole",
                "content/notices/2026/a.md:9:1: warning: a long notice without any heading; add sections such as '## Ursache' and '## Abhilfe'",
            ])
    }

    @Test func resolvedWithoutTimeIsOnlyAWarning() {
        #expect(
            Fixtures.problems(Fixtures.notice(extra: "status: resolved\n")) == [
                "content/notices/2016/test.md:6:9: warning: 'status: resolved' without 'resolved_at': the notice will say \"Behoben\" without a date"
            ])
    }

    @Test func updatesAreRenderedNewestFirst() throws {
        let notice = try site([
            (
                "2026/a.md",
                Fixtures.notice(
                    extra: """
                        updates:
                          - {date: 2011-01-04T10:00, text: "Erstes *Update*"}
                          - {date: 2011-01-05T09:00, text: "Zweites Update"}

                        """)
            )
        ]).notices[0]
        #expect(notice.lifecycle.updates.map(\.text) == ["Zweites Update", "Erstes Update"])
        #expect(notice.lifecycle.updates.last?.html == "<p>Erstes <em>Update</em></p>\n")
    }

    /// Drafts, scheduled and expired notices in one site, built normally and for preview.
    static let unpublishedSources: SiteSources = Fixtures.sources(notices: [
        Fixtures.notice("2026/sichtbar.md", Fixtures.notice(title: "Sichtbar", date: "2026-11-01")),
        Fixtures.notice(
            "2026/entwurf.md",
            Fixtures.notice(
                title: "GEHEIMER ENTWURF", date: "2026-11-02", products: "[jrkcms]",
                extra: "draft: true\naliases: [/alt/entwurf.html]\n")),
        Fixtures.notice(
            "2026/geplant.md",
            Fixtures.notice(
                title: "GEPLANTE MELDUNG", date: "2026-11-03", category: "wartung",
                extra: "publish_at: 2026-12-01T08:00\nwindow: {start: 2026-12-10T22:00, end: 2026-12-11T02:00}\n")),
        Fixtures.notice(
            "2026/abgelaufen.md",
            Fixtures.notice(
                title: "Abgelaufen", date: "2026-01-01", extra: "status: ongoing\nexpires_at: 2026-02-01T00:00\n")),
    ])

    @Test func draftsAndScheduledNoticesLeakIntoNoOutputOfANormalBuild() throws {
        let (files, diagnostics) = Fixtures.render(Self.unpublishedSources, time: BuildTime(now: Self.now), threads: 1)
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        for file in try #require(files) {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(!text.contains("GEHEIMER ENTWURF") && !text.contains("entwurf"), "\(file.path)")
            #expect(!text.contains("GEPLANTE MELDUNG") && !text.contains("geplant"), "\(file.path)")
            #expect(!file.path.contains("entwurf") && !file.path.contains("geplant"))
        }
        let preview = try #require(
            Fixtures.render(
                Self.unpublishedSources, time: BuildTime(now: Self.now, includeDrafts: true, includeFuture: true),
                threads: 1
            ).files)
        #expect(preview.contains { $0.path == "meldungen/2026/entwurf/index.html" })
        #expect(preview.contains { $0.path == "meldungen/2026/geplant/index.html" })
        #expect(preview.contains { $0.path == "alt/entwurf.html" })
    }

    @Test func expiredNoticesLeaveTheCurrentListsButStayInTheArchive() throws {
        let (site, _) = Fixtures.assemble(Self.unpublishedSources, time: BuildTime(now: Self.now), threads: 1)
        let expired = try #require(site?.notices.first { $0.slug == "abgelaufen" })
        #expect(expired.state.expired && !expired.state.isCurrent)
        #expect(site?.current.isEmpty == true)
        let files = try #require(
            Fixtures.render(Self.unpublishedSources, time: BuildTime(now: Self.now), threads: 1).files)
        #expect(files.contains { $0.path == "meldungen/2026/abgelaufen/index.html" })
        let home = String(decoding: try #require(files.first { $0.path == "index.html" }).bytes, as: UTF8.self)
        #expect(!home.contains("Abgelaufen"))
    }

    @Test func sameNowGivesByteIdenticalOutputAndAnotherNowMayNot() throws {
        let a = Fixtures.render(Self.unpublishedSources, time: BuildTime(now: Self.now), threads: 1).files
        let b = Fixtures.render(Self.unpublishedSources, time: BuildTime(now: Self.now), threads: 4).files
        #expect(a != nil && a == b)
    }

    @Test(
        arguments: [
            ("2026-12-03T22:00:00+01:00", nil as String?, Int64(1_796_331_600)),
            ("@42", nil, 42),
            (nil, "1700000000", 1_700_000_000),
        ] as [(String?, String?, Int64)])
    func buildTimeComesFromNowThenSourceDateEpochThenTheClock(now: String?, epoch: String?, expected: Int64) {
        let environment = epoch.map { ["SOURCE_DATE_EPOCH": $0] } ?? [:]
        let result = BuildTime.resolve(
            now: now, environment: environment, clock: { 7 }, timeZone: TimeZone(identifier: "Europe/Berlin")!)
        #expect((try? result.get()) == expected)
        #expect((try? BuildTime.resolve(now: nil, environment: [:], clock: { 7 }, timeZone: .gmt).get()) == 7)
        #expect((try? BuildTime.resolve(now: "morgen", environment: [:], clock: { 7 }, timeZone: .gmt).get()) == nil)
    }
}
