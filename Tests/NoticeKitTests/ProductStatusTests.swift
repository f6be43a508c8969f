import Foundation
import Testing

@testable import NoticeKit

/// States of every catalog node under roll-up (docs/outputs.md, "Product states").
@Suite struct ProductStatusTests {
    /// 2026-11-29T12:00:00+01:00
    static let now: Int64 = 1_795_950_000
    static let running = "window: {start: 2026-11-29T11:00, end: 2026-11-29T13:00}\n"
    static let upcoming = "window: {start: 2026-12-03T22:00, end: 2026-12-04T02:00}\n"

    func states(
        _ notices: [(category: String, products: String, extra: String)],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> [String: String] {
        let files = notices.enumerated().map { index, notice in
            Fixtures.notice(
                "2026/n\(index).md",
                Fixtures.notice(
                    date: "2026-11-2\(index % 9)", category: notice.category,
                    products: notice.products, extra: notice.extra))
        }
        let (site, diagnostics) = Fixtures.assemble(
            Fixtures.sources(notices: files), time: BuildTime(now: Self.now), threads: 1)
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)", sourceLocation: sourceLocation)
        let built = try #require(site, sourceLocation: sourceLocation)
        return Dictionary(
            uniqueKeysWithValues: built.catalog.products.enumerated().map { index, product in
                let node = built.status[index]
                return (product.id, node.state.rawValue + (node.partial ? " partial" : ""))
            })
    }

    static let drkcms = [
        "drkcms", "drkcms-v6", "drkcms-v6-brk", "drkcms-v6-lv", "drkcms-v6-ov", "drkcms-v6-kv", "drkcms-v7",
        "drkcms-v9",
    ]

    @Test func aCriticalDisruptionOnTheProductLineMakesEveryDRKCMSNodeOutage() throws {
        let states = try states([("stoerung", "[drkcms]", "status: ongoing\nimpact: critical\n")])
        for id in Self.drkcms { #expect(states[id] == "outage", "\(id)") }
        #expect(states["jrkcms"] == "ok" && states["jrkcms-v6"] == "ok")
    }

    @Test func aRunningWindowOnV7IsMaintenanceThereOnly() throws {
        let states = try states([("wartung", "[drkcms-v7]", Self.running)])
        #expect(states["drkcms-v7"] == "maintenance")
        for id in [
            "drkcms-v6", "drkcms-v6-brk", "drkcms-v6-lv", "drkcms-v6-ov", "drkcms-v6-kv", "drkcms-v9", "jrkcms",
            "jrkcms-v6",
        ] {
            #expect(states[id] == "ok", "\(id)")
        }
        // The ancestor shows the worst state of its parts, marked partial.
        #expect(states["drkcms"] == "maintenance partial")
    }

    @Test(arguments: [
        ("status: ongoing\nimpact: minor\n", "degraded"),
        ("status: ongoing\nimpact: major\n", "disrupted"),
        ("status: ongoing\n", "disrupted"),
        ("status: ongoing\nimpact: critical\n", "outage"),
        ("status: monitoring\nimpact: critical\n", "degraded"),
        ("status: resolved\nresolved_at: 2026-11-28T10:00\n", "ok"),
        ("status: ongoing\nexpires_at: 2026-11-29T11:00\n", "ok"),
    ])
    func eachDisruptionStateAndImpact(extra: String, expected: String) throws {
        let states = try states([("stoerung", "[drkcms-v6]", extra)])
        #expect(states["drkcms-v6"] == expected)
        #expect(states["drkcms-v6-kv"] == expected)
        #expect(states["drkcms-v7"] == "ok")
    }

    @Test func upcomingMaintenanceIsListedWithoutChangingTheState() throws {
        let files = [
            Fixtures.notice(
                "2026/w.md",
                Fixtures.notice(date: "2026-11-20", category: "wartung", products: "[drkcms-v6]", extra: Self.upcoming))
        ]
        let site = try #require(
            Fixtures.assemble(Fixtures.sources(notices: files), time: BuildTime(now: Self.now), threads: 1).0)
        let v6 = try #require(site.catalog.index(of: "drkcms-v6"))
        let kv = try #require(site.catalog.index(of: "drkcms-v6-kv"))
        let top = try #require(site.catalog.index(of: "drkcms"))
        let v7 = try #require(site.catalog.index(of: "drkcms-v7"))
        for node in [v6, kv, top] {
            #expect(site.status[node].state == .ok)
            #expect(site.status[node].upcoming == [0])
            #expect(site.status[node].current.isEmpty)
        }
        #expect(site.status[v7].upcoming.isEmpty)
    }

    @Test func theWorstNoticeWinsAndRunningWindowsCountBelowDisruptions() throws {
        let states = try states([
            ("wartung", "[drkcms-v6]", Self.running),
            ("stoerung", "[drkcms-v6-kv]", "status: ongoing\nimpact: minor\n"),
            ("stoerung", "[all]", "status: monitoring\n"),
        ])
        #expect(states["drkcms-v6-kv"] == "degraded")
        #expect(states["drkcms-v6-ov"] == "degraded")
        #expect(states["drkcms-v6"] == "degraded")
        #expect(states["jrkcms-v6"] == "degraded")
    }

    @Test func allConcernsEveryNodeWholly() throws {
        let states = try states([("stoerung", "[all]", "status: ongoing\n")])
        #expect(Set(states.values) == ["disrupted"])
    }

    @Test func notAffectedProductsAndTheirVariantsStayOK() throws {
        let states = try states([("stoerung", "[drkcms]", "status: ongoing\nnot_affected: [drkcms-v6, Office 365]\n")])
        for id in ["drkcms-v6", "drkcms-v6-brk", "drkcms-v6-lv", "drkcms-v6-ov", "drkcms-v6-kv"] {
            #expect(states[id] == "ok", "\(id)")
        }
        #expect(states["drkcms-v7"] == "disrupted" && states["drkcms-v9"] == "disrupted")
        #expect(states["drkcms"] == "disrupted partial")
    }

    @Test func anAncestorWithItsOwnNoticeIsNotPartial() throws {
        let states = try states([
            ("stoerung", "[drkcms]", "status: ongoing\nimpact: minor\n"),
            ("stoerung", "[drkcms-v9]", "status: ongoing\nimpact: critical\n"),
        ])
        #expect(states["drkcms"] == "outage partial")
        #expect(states["drkcms-v9"] == "outage")
        #expect(states["drkcms-v7"] == "degraded")
        let same = try self.states([
            ("stoerung", "[drkcms]", "status: ongoing\n"), ("stoerung", "[drkcms-v9]", "status: ongoing\n"),
        ])
        #expect(same["drkcms"] == "disrupted")
    }

    @Test func currentNoticesAreMostSevereFirst() throws {
        let files = [
            Fixtures.notice(
                "2026/a.md",
                Fixtures.notice(
                    date: "2026-11-28", category: "stoerung", products: "[drkcms-v6]",
                    extra: "status: ongoing\nimpact: minor\n")),
            Fixtures.notice(
                "2026/b.md",
                Fixtures.notice(
                    date: "2026-11-20", category: "stoerung", products: "[drkcms]",
                    extra: "status: ongoing\nimpact: critical\n")),
            Fixtures.notice(
                "2026/c.md",
                Fixtures.notice(
                    date: "2026-11-27", category: "wartung", products: "[drkcms-v6-kv]", extra: Self.running)),
        ]
        let site = try #require(
            Fixtures.assemble(Fixtures.sources(notices: files), time: BuildTime(now: Self.now), threads: 1).0)
        let kv = try #require(site.catalog.index(of: "drkcms-v6-kv"))
        #expect(site.status[kv].current.map { site.notices[$0].slug } == ["b", "a", "c"])
        let v7 = try #require(site.catalog.index(of: "drkcms-v7"))
        #expect(site.status[v7].current.map { site.notices[$0].slug } == ["b"])
    }

    @Test func concernedNodesAreWhollyOrPartly() {
        let catalog = reporting {
            CatalogLoader.load(SourceFile(path: "content/products.yml", text: Fixtures.catalog), into: &$0)
        }.0
        let ids = { (indexes: [Int]) in indexes.map { catalog.products[$0].id } }
        let (wholly, partly) = ProductStatus.concerned(
            catalog, tagged: ["drkcms-v6"], notAffected: [.product("drkcms-v6-kv")])
        #expect(ids(wholly) == ["drkcms-v6-brk", "drkcms-v6-lv", "drkcms-v6-ov"])
        #expect(ids(partly) == ["drkcms", "drkcms-v6"])
    }

    @Test func contributionIsAPureFunctionOfLifecycleAndState() {
        var lifecycle = Lifecycle()
        lifecycle.status = .ongoing
        lifecycle.impact = .critical
        #expect(NodeState.contribution(of: lifecycle, at: NoticeState(lifecycle, now: 0, preview: false)) == .outage)
        lifecycle.window = Lifecycle.Window(
            start: NoticeDate(instant: -10, timeZone: .gmt), end: NoticeDate(instant: 10, timeZone: .gmt))
        lifecycle.status = nil
        #expect(
            NodeState.contribution(of: lifecycle, at: NoticeState(lifecycle, now: 0, preview: false)) == .maintenance)
        #expect(NodeState.contribution(of: lifecycle, at: NoticeState(lifecycle, now: 20, preview: false)) == .ok)
        #expect(NodeState.allCases.sorted() == [.ok, .maintenance, .degraded, .disrupted, .outage])
    }
}

@Suite struct StatusTextsTests {
    @Test func everyLanguageGetsTheStatusTextsCompletedFromTheReference() throws {
        let english = Fixtures.strings.first { $0.path.hasSuffix("en.yml") }!
        let lacking = SourceFile(
            path: english.path,
            text: String(decoding: english.bytes, as: UTF8.self)
                .replacingOccurrences(of: "  reload: New information available\n", with: ""))
        let strings = Fixtures.strings.map { $0.path == english.path ? lacking : $0 }
        let (site, _) = Fixtures.assemble(Fixtures.sources(notices: [], strings: strings), threads: 1)
        let byLanguage = try #require(site).strings.statusTextsByLanguage
        #expect(byLanguage.map(\.language) == ["de", "en"])
        let en = Dictionary(uniqueKeysWithValues: byLanguage[1].texts.map { ($0.key, $0.text) })
        #expect(en["reload"] == "Neue Informationen verfügbar")
        #expect(en["reload_action"] == "Reload page")
        #expect(byLanguage[0].texts.map(\.key) == byLanguage[1].texts.map(\.key))
    }
}
