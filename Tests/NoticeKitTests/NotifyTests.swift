import Foundation
import Testing

@testable import NoticeKit

/// `notices changes` and `notices notify` without disk or network: every kind of change, roll-up
/// routing, the announcement record, MIME encoding and notify.yml problems.
struct ChangeSetTests {
    let catalog = reporting {
        CatalogLoader.load(SourceFile(path: "content/products.yml", text: Fixtures.catalog), into: &$0)
    }.0
    let zone = TimeZone(identifier: "Europe/Berlin")!

    func snapshot(
        _ id: String, products: [String] = ["drkcms-v7"], status: String? = nil, window: (String, String)? = nil,
        updates: [String] = [], title: String = "Titel"
    ) -> NoticeSnapshot {
        let window = window.map { start, end in
            NoticeSnapshot.Window(
                start: start, end: end, startInstant: NoticeDate.parse(start, timeZone: zone)!.instant,
                endInstant: NoticeDate.parse(end, timeZone: zone)!.instant)
        }
        return NoticeSnapshot(
            id: id, title: title, url: "https://hilfe.example.de/meldungen/\(id)/", categoryID: "stoerung",
            categoryName: "Störung", products: products, impact: nil, status: status, window: window,
            updates: updates.map {
                NoticeSnapshot.Update(instant: NoticeDate.parse($0, timeZone: zone)!.instant, date: $0, text: "Stand")
            })
    }

    func changes(
        _ before: [NoticeSnapshot]?, _ after: [NoticeSnapshot], now: Int64 = 0, remind: Int64? = nil, all: Bool = false
    ) -> [Change] {
        ChangeSet.compute(
            published: before.map(PublishedNotices.init(notices:)), current: PublishedNotices(notices: after),
            catalog: catalog, now: now, remindBefore: remind, announcingAll: all
        ).changes
    }

    @Test func newNoticeAndNewMaintenanceWindow() {
        let found = changes(
            [], [snapshot("2026/a"), snapshot("2026/b", window: ("2026-12-03T22:00", "2026-12-04T02:00"))])
        #expect(found.map(\.kind) == [.new, .windowAnnounced])
        #expect(found.map(\.key) == ["new:2026/a", "window:2026/b:1796331600-1796346000"])
    }

    @Test func statusChangeNamesBothStates() {
        let found = changes([snapshot("2026/a", status: "ongoing")], [snapshot("2026/a", status: "monitoring")])
        #expect(found.count == 1)
        #expect(found.first?.kind == .status)
        #expect(found.first?.fromStatus == "ongoing")
        #expect(found.first?.toStatus == "monitoring")
        #expect(changes([snapshot("2026/a", status: "resolved")], [snapshot("2026/a", status: "resolved")]).isEmpty)
    }

    @Test func aSecondResolutionOfAReopenedDisruptionIsANewChange() {
        func resolved(at instant: Int64) -> NoticeSnapshot {
            var notice = snapshot("2026/a", status: "resolved")
            notice.updatedInstant = instant
            return notice
        }
        let first = changes([snapshot("2026/a", status: "ongoing")], [resolved(at: 100)])
        let second = changes([snapshot("2026/a", status: "ongoing")], [resolved(at: 200)])
        #expect(first.map(\.key) == ["status:2026/a:resolved:100"])
        #expect(second.map(\.key) == ["status:2026/a:resolved:200"])
    }

    @Test func onlyUpdatesThePublishedSiteLacksAreNew() {
        let before = snapshot("2026/a", updates: ["2026-12-01T10:00:00+01:00"])
        // The same moment written in another offset is the same update.
        let after = snapshot("2026/a", updates: ["2026-12-02T09:00:00+01:00", "2026-12-01T09:00:00Z"])
        let found = changes([before], [after])
        #expect(found.map(\.kind) == [.update])
        #expect(found.first?.update?.date == "2026-12-02T09:00:00+01:00")
    }

    @Test func windowAnnouncedMovedAndCancelled() {
        let window = ("2026-12-03T22:00", "2026-12-04T02:00")
        let later = ("2026-12-10T22:00", "2026-12-11T02:00")
        #expect(changes([snapshot("2026/a")], [snapshot("2026/a", window: window)]).map(\.kind) == [.windowAnnounced])
        let moved = changes([snapshot("2026/a", window: window)], [snapshot("2026/a", window: later)])
        #expect(moved.map(\.kind) == [.windowMoved])
        #expect(moved.first?.previousWindow?.start == "2026-12-03T22:00")
        let cancelled = changes([snapshot("2026/a", window: window)], [snapshot("2026/a")])
        #expect(cancelled.map(\.kind) == [.windowCancelled])
        #expect(changes([snapshot("2026/a", window: window)], [snapshot("2026/a", window: window)]).isEmpty)
    }

    @Test func withdrawnNoticeKeepsItsPublishedReach() {
        let found = changes([snapshot("2026/a", products: ["drkcms-v6-kv"])], [])
        #expect(found.map(\.kind) == [.withdrawn])
        #expect(found.first?.reach == ["drkcms", "drkcms-v6", "drkcms-v6-kv"])
    }

    @Test func firstRunAnnouncesNothingUnlessAll() {
        let after = [snapshot("2026/a"), snapshot("2026/b", window: ("2026-12-03T22:00", "2026-12-04T02:00"))]
        #expect(changes(nil, after).isEmpty)
        #expect(changes(nil, after, all: true).map(\.kind) == [.new, .windowAnnounced])
    }

    @Test func reminderOnlyWithinRemindBeforeAndBeforeTheStart() {
        let notice = snapshot("2026/a", window: ("2026-12-03T22:00", "2026-12-04T02:00"))
        let start = notice.window!.startInstant
        #expect(changes([notice], [notice], now: start - 25 * 3600, remind: 24 * 3600).isEmpty)
        #expect(changes([notice], [notice], now: start - 23 * 3600, remind: 24 * 3600).map(\.kind) == [.reminder])
        #expect(changes([notice], [notice], now: start, remind: 24 * 3600).isEmpty)
        #expect(changes([notice], [notice], now: start - 3600).isEmpty)
    }

    @Test func scheduledNoticeCountsAsNewOncePublishAtHasPassed() throws {
        let text = Fixtures.notice(
            title: "Geplant", date: "2026-12-01", extra: "publish_at: 2026-12-02T08:00:00+01:00\n")
        let sources = Fixtures.sources(notices: [Fixtures.notice("2026/geplant.md", text)])
        let publishAt = NoticeDate.parse("2026-12-02T08:00:00+01:00", timeZone: zone)!.instant
        let before = try #require(Fixtures.assemble(sources, time: BuildTime(now: publishAt - 60), threads: 1).0)
        let after = try #require(Fixtures.assemble(sources, time: BuildTime(now: publishAt + 60), threads: 1).0)
        let published = PublishedNotices(site: before)
        #expect(published.notices.isEmpty)
        let set = ChangeSet.compute(
            published: published, current: PublishedNotices(site: after), catalog: after.catalog, now: publishAt + 60)
        #expect(set.changes.map(\.key) == ["new:2026/geplant"])
    }

    @Test func rollUpRoutesBothWays() {
        let set = ChangeSet(
            changes: changes(
                [],
                [
                    snapshot("2026/kv", products: ["drkcms-v6-kv"]),
                    snapshot("2026/line", products: ["drkcms"]),
                    snapshot("2026/every", products: ["all"]),
                    snapshot("2026/v7", products: ["drkcms-v7"]),
                    snapshot("2026/jrk", products: ["jrkcms-v6"]),
                    snapshot("2026/none", products: []),
                ]))
        #expect(set.routed(to: ["drkcms-v6"]).map(\.notice.id) == ["2026/every", "2026/kv", "2026/line"])
        #expect(set.routed(to: ["drkcms-v6-kv"]).map(\.notice.id) == ["2026/every", "2026/kv", "2026/line"])
        #expect(set.routed(to: ["drkcms"]).map(\.notice.id) == ["2026/every", "2026/kv", "2026/line", "2026/v7"])
        #expect(set.routed(to: ["jrkcms"]).map(\.notice.id) == ["2026/every", "2026/jrk"])
        #expect(
            set.routed(to: ["drkcms-v9", "jrkcms-v6"]).map(\.notice.id) == ["2026/every", "2026/jrk", "2026/line"])
        #expect(set.routed(to: ["all"]).count == 6)
    }

    @Test func changeReadsBackFromItsJSON() throws {
        let window = ("2026-12-03T22:00:00+01:00", "2026-12-04T02:00:00+01:00")
        let all = changes(
            [snapshot("2026/a", status: "ongoing", window: window)],
            [
                snapshot(
                    "2026/a", status: "resolved", window: ("2026-12-05T22:00:00+01:00", "2026-12-06T02:00:00+01:00"),
                    updates: ["2026-12-01T10:00:00+01:00"], title: "Ä & <b>")
            ])
        #expect(all.map(\.kind) == [.windowMoved, .status, .update])
        for change in all {
            let bytes = ChangesJSON.value(change).serializedBytes()
            let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            let back = try #require(ChangesJSON.change(from: object, timeZone: zone))
            #expect(back.key == change.key)
            #expect(ChangesJSON.value(back).serializedBytes() == bytes)
        }
    }

    @Test func publishedFileProblemsNameTheFile() {
        let cases: [(String, String)] = [
            ("nicht json", "not a JSON object"),
            (#"{"version": 2, "notices": []}"#, "schema version 2 is not supported"),
            (#"{"version": 1}"#, "no 'notices' list"),
            (#"{"version": 1, "notices": [{"id": "x"}]}"#, "notice 1 lacks"),
        ]
        for (text, expected) in cases {
            let (published, problems) = reporting {
                PublishedNotices.decode(Array(text.utf8), path: "alt.json", timeZone: zone, into: &$0)
            }
            guard published == nil, let problem = problems.first else {
                Issue.record("accepted \(text)")
                continue
            }
            // The file as a whole is unreadable: no line of it is to blame.
            #expect(problem.description.hasPrefix("alt.json: error: \(expected)"), "\(problem)")
        }
    }
}

struct MIMEMessageTests {
    @Test func headersAreEncodedWordsOfAtMost75Characters() throws {
        let subject =
            "[Störung] Mail-Versand an Adressen @hotmail.com gestört – DRKCMS v6 (ab 2014) KV-Vorlage, überall äöüß€"
        let encoded = MIMEMessage.encodeHeader(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded = ""
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let data = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            decoded += try #require(String(data: data, encoding: .utf8), "a word splits a character")
        }
        #expect(decoded == subject)
        #expect(MIMEMessage.encodeHeader("Plain ASCII subject") == "Plain ASCII subject")
        #expect(MIMEMessage.encodeHeader("Looks =?like?= a word").hasPrefix("=?UTF-8?B?"))
        #expect(!MIMEMessage.encodeHeader("Zeile\r\nBcc: x@example.de").contains("\n"))
    }

    @Test func addressesQuoteOrEncodeTheirNames() throws {
        #expect(MIMEMessage.encodeAddress(try #require(MailAddress.parse("hilfe@example.de"))) == "hilfe@example.de")
        #expect(
            MIMEMessage.encodeAddress(try #require(MailAddress.parse("Hilfe Team <hilfe@example.de>")))
                == "Hilfe Team <hilfe@example.de>")
        #expect(
            MIMEMessage.encodeAddress(try #require(MailAddress.parse("Müller, Co <hilfe@example.de>"))).hasPrefix(
                "=?UTF-8?B?"))
        #expect(
            MIMEMessage.encodeAddress(try #require(MailAddress.parse("A, B <hilfe@example.de>")))
                == "\"A, B\" <hilfe@example.de>")
        for bad in [
            "kein-at", "a@b", "a b@example.de", "<a@example.de", "Name <a@example.de>\nBcc: x@y.de", "a@example.de>",
        ] {
            #expect(MailAddress.parse(bad) == nil, "accepted \(bad)")
        }
    }

    @Test func quotedPrintableKeepsLinesShortAndEncodesWhatItMust() {
        let text = "Grüße = 100 %  \n" + String(repeating: "Ä", count: 60) + "\nok"
        let encoded = MIMEMessage.quotedPrintable(text)
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.count <= 76, "\(line)")
            #expect(line.allSatisfy { $0.isASCII })
            #expect(!line.hasSuffix(" "))
        }
        #expect(encoded.hasPrefix("Gr=C3=BC=C3=9Fe =3D 100 % =20\r\n"))
        #expect(encoded.hasSuffix("\r\nok"))
    }

    @Test func dateIsRFC5322InTheSiteTimeZone() {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        #expect(MIMEMessage.rfc5322Date(1_764_795_600, timeZone: zone) == "Wed, 03 Dec 2025 22:00:00 +0100")
        #expect(MIMEMessage.rfc5322Date(1_751_320_800, timeZone: zone) == "Tue, 01 Jul 2025 00:00:00 +0200")
        #expect(
            MIMEMessage.rfc5322Date(0, timeZone: TimeZone(identifier: "America/New_York")!)
                == "Wed, 31 Dec 1969 19:00:00 -0500")
    }
}

struct NotifyConfigTests {
    let catalog = reporting {
        CatalogLoader.load(SourceFile(path: "content/products.yml", text: Fixtures.catalog), into: &$0)
    }.0

    func problems(_ text: String) -> [String] {
        reporting { NotifyConfig.load(SourceFile(path: "content/notify.yml", text: text), catalog: catalog, into: &$0) }
            .1.map(\.description)
    }

    @Test func readsTheDocumentedShape() throws {
        let text = """
            email: {smtp: "smtp://mail.example.de:587", starttls: true, user_env: NOTICES_SMTP_USER, password_env: NOTICES_SMTP_PASSWORD, from: "Kundeninformationen <hilfe@example.de>"}
            remind_before: 1d12h
            channels:
              - {name: v6, products: [drkcms-v6], email: kunden-drkcms-v6@lists.example.de, unsubscribe: "mailto:leave@example.de"}
              - {name: teams, products: [all], webhook_env: NOTICES_TEAMS_URL, format: teams}
            """
        let (config, diagnostics) = reporting {
            NotifyConfig.load(SourceFile(path: "content/notify.yml", text: text), catalog: catalog, into: &$0)
        }
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let loaded = try #require(config)
        #expect(loaded.remindBefore == Int64(36 * 3600))
        #expect(loaded.email?.passwordEnv == "NOTICES_SMTP_PASSWORD")
        #expect(loaded.channels.map(\.name) == ["v6", "teams"])
        #expect(loaded.channels[0].target == .email(["kunden-drkcms-v6@lists.example.de"]))
        #expect(loaded.channels[1].target == .webhook(env: "NOTICES_TEAMS_URL", format: .teams))
    }

    @Test func reportsEveryProblemWithItsLine() {
        let found = problems(
            """
            email: {smtp: "smtp://user:pw@mail.example.de", from: "niemand"}
            remind_before: bald
            channels:
              - {name: a, products: [drkcms-v8], email: kunden@lists.example.de}
              - {products: [all], webhook_env: "https://hooks.example/x", format: teams}
              - {name: c, products: [all], webhook_env: HOOK, format: discord}
              - {name: a, products: [all], webhook_env: HOOK, format: json}
            """)
        let expected = [
            "content/notify.yml:1:15: error: 'smtp' must not hold a user or password",
            "content/notify.yml:1:55: error: 'from' must be an address",
            "content/notify.yml:2:16: error: 'remind_before' must be a duration",
            "content/notify.yml:4:26: error: unknown product 'drkcms-v8' (did you mean",
            "content/notify.yml:5:36: error: 'webhook_env' names an environment variable",
            "content/notify.yml:6:59: error: unknown webhook format 'discord'",
            "content/notify.yml:7:5: error: channel name 'a' is used twice",
        ]
        for line in expected {
            #expect(found.contains { $0.hasPrefix(line) }, "missing \(line) in \(found.joined(separator: "\n"))")
        }
        #expect(found.contains { $0.contains("a channel needs 'name'") })
    }
}

struct NotifierTests {
    static let notifyTemplates: [SourceFile] = [
        ("notify/de/headline", "[{{{category}}}] {{{title}}}"),
        ("notify/de/subject", "{{#changes}}{{{headline}}};{{/changes}}"),
        ("notify/de/text", "{{#changes}}{{{headline}}} {{{url}}}\n{{/changes}}für {{{channel.products}}}"),
        ("notify/de/html", "{{#changes}}<p>{{headline}}</p>{{/changes}}"),
    ].map { SourceFile(path: "templates/\($0.0).mustache", text: $0.1) }

    struct Setup {
        var site: Site
        var notifier: Notifier
        var set: ChangeSet
    }

    func setup(deliver: @escaping (Delivery) throws -> Void) throws -> Setup {
        let notices = [
            Fixtures.notice(
                "2026/kv.md", Fixtures.notice(title: "KV gestört", date: "2026-12-01", products: "[drkcms-v6-kv]")),
            Fixtures.notice(
                "2026/jrk.md", Fixtures.notice(title: "JRK gestört", date: "2026-12-01", products: "[jrkcms]")),
        ]
        let sources = Fixtures.sources(notices: notices, templates: Fixtures.templates + Self.notifyTemplates)
        let templates = try #require(reporting { TemplateSet.load(sources.templates, into: &$0) }.0)
        let site = try #require(Fixtures.assemble(sources, time: BuildTime(now: 1_764_600_000), threads: 1).0)
        let config = reporting {
            NotifyConfig.load(
                SourceFile(
                    path: "content/notify.yml",
                    text: """
                        email: {smtp: "smtp://127.0.0.1:1", from: "Hilfe <hilfe@example.de>"}
                        channels:
                          - {name: v6, products: [drkcms-v6], email: v6@lists.example.de}
                          - {name: down, products: [all], webhook_env: HOOK, format: json}
                          - {name: jrk, products: [jrkcms-v6], webhook_env: HOOK, format: slack}
                        """), catalog: site.catalog, into: &$0)
        }.0
        var notifier = Notifier(
            site: site, config: try #require(config), renderer: NotifyRenderer(site: site, templates: templates),
            environment: ["HOOK": "http://127.0.0.1:1/hook"], now: 1_764_600_000)
        notifier.deliver = deliver
        let set = ChangeSet.compute(
            published: PublishedNotices(notices: []), current: PublishedNotices(site: site), catalog: site.catalog,
            now: 1_764_600_000)
        return Setup(site: site, notifier: notifier, set: set)
    }

    @Test func aFailingChannelIsOwedItsChangesAndOthersAreSentOnce() throws {
        nonisolated(unsafe) var delivered: [String] = []
        nonisolated(unsafe) var failing = true
        let setup = try setup { delivery in
            switch delivery {
            case .mail(let mail): delivered.append("mail " + mail.recipients.joined())
            case .webhook(_, let body):
                let text = String(decoding: body, as: UTF8.self)
                if text.contains("\"channel\":\"down\"") && failing {
                    throw CurlTransport.Failure(description: "HTTP 500")
                }
                delivered.append(text.hasPrefix("{\"text\"") ? "slack" : "json")
            }
        }
        var record = AnnouncementRecord()
        var saves = 0
        let first = setup.notifier.run(setup.set, record: &record, dryRun: false, print: { _ in }) { _ in saves += 1 }
        #expect(first.map(\.channel) == ["v6", "down", "jrk"])
        #expect(first.map(\.changes) == [1, 2, 1])
        #expect(first.map(\.failure) == [nil, "HTTP 500", nil])
        #expect(delivered == ["mail v6@lists.example.de", "slack"])
        #expect(saves == 3)
        #expect(record.owed(to: "down").map(\.key) == ["new:2026/jrk", "new:2026/kv"])

        // Rerun, the site now published: only what the failed channel is owed goes out.
        delivered = []
        failing = false
        let published = PublishedNotices(site: setup.site)
        let nothingNew = ChangeSet.compute(
            published: published, current: published, catalog: setup.site.catalog, now: 1_764_600_000)
        let second = setup.notifier.run(nothingNew, record: &record, dryRun: false, print: { _ in }) { _ in }
        #expect(second.map(\.changes) == [0, 2, 0])
        #expect(delivered == ["json"])
        #expect(record.owed.isEmpty)

        // Rerun against the old published file: every change is known to every channel.
        delivered = []
        let third = setup.notifier.run(setup.set, record: &record, dryRun: false, print: { _ in }) { _ in }
        #expect(third.map(\.changes) == [0, 0, 0])
        #expect(delivered.isEmpty)
    }

    @Test func dryRunPrintsAndRecordsNothing() throws {
        let setup = try setup { _ in Issue.record("a dry run delivered") }
        var record = AnnouncementRecord()
        var printed: [String] = []
        let outcomes = setup.notifier.run(setup.set, record: &record, dryRun: true, print: { printed.append($0) }) {
            _ in
            Issue.record("a dry run saved the record")
        }
        #expect(outcomes.allSatisfy { $0.failure == nil })
        #expect(record == AnnouncementRecord())
        #expect(printed.count == 3)
        #expect(printed[0].contains("Subject: [=?UTF-8?B?") || printed[0].contains("Subject: =?UTF-8?B?"))
        #expect(!printed.joined().contains("127.0.0.1:1/hook"))
    }

    @Test func recordSurvivesItsFileAndForgetsRemovedChannels() throws {
        let setup = try setup { _ in }
        var record = AnnouncementRecord()
        record.record(setup.set.changes, channel: "v6", delivered: true, at: 100)
        record.record(setup.set.changes, channel: "gone", delivered: false, at: 100)
        let back = try #require(
            reporting {
                AnnouncementRecord.decode(
                    record.serialized(), path: "announced.json", timeZone: setup.site.settings.timeZone, into: &$0)
            }.0)
        #expect(back.sent == record.sent)
        #expect(back.owed.map(\.change.key) == record.owed.map(\.change.key))
        var pruned = back
        pruned.prune(now: 200, channels: ["v6"])
        #expect(pruned.owed.isEmpty)
        #expect(pruned.sent.count == 2)
        pruned.prune(now: 100 + AnnouncementRecord.retention + 1, channels: ["v6"])
        #expect(pruned.sent.isEmpty)
    }

    @Test func aRunWithManyChangesStaysWithinEveryPlatformsLimits() throws {
        let setup = try setup { _ in }
        let change = try #require(setup.set.changes.first)
        let items = (0..<100).map { index in
            NotifyMessage.Item(
                headline: "[Störung] Meldung \(index) <b>", url: "https://hilfe.example.de/\(index)/", change: change)
        }
        let subject = NotifyRenderer.shortened(items.map(\.headline).joined(separator: "; "))
        #expect(subject.count <= 182 && subject.hasSuffix(" …"))
        let message = NotifyMessage(subject: subject, text: "", html: "", items: items)
        for format in NotifyConfig.Format.allCases {
            let body = WebhookPayload.body(format, message: message, channel: "c", site: setup.site)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            switch format {
            case .slack:
                let blocks = try #require(object["blocks"] as? [[String: Any]])
                #expect(blocks.count == WebhookPayload.chatLimit + 1)
                #expect(((blocks.last?["text"] as? [String: Any])?["text"] as? String)?.hasPrefix("+ 60: <") == true)
                #expect(!String(decoding: body, as: UTF8.self).contains("<b>"))
            case .mattermost:
                #expect(((object["text"] as? String)?.count ?? .max) < 16_383)
            case .teams:
                let card = (object["attachments"] as? [[String: Any]])?.first?["content"] as? [String: Any]
                #expect((card?["body"] as? [Any])?.count == WebhookPayload.chatLimit + 2)
            case .json:
                #expect((object["changes"] as? [Any])?.count == 100)
            }
        }
    }

    @Test func notifyTemplatesAreCheckedForNamesNoContextProvides() throws {
        let setup = try setup { _ in }
        let typo =
            Fixtures.templates
            + Self.notifyTemplates.map { file in
                file.path.hasSuffix("/text.mustache")
                    ? SourceFile(path: file.path, text: "{{#changes}}{{{titel}}} {{{window}}}{{/changes}}") : file
            }
        let templates = try #require(reporting { TemplateSet.load(typo, into: &$0) }.0)
        let problems = NotifyRenderer(site: setup.site, templates: templates).unknownNames.map(\.description)
        #expect(problems.count == 1)
        #expect(
            problems.first?.hasPrefix("templates/notify/de/text.mustache:1:13: warning: 'titel' is not provided")
                == true, "\(problems)")
        let clean = try #require(reporting { TemplateSet.load(Fixtures.templates + Self.notifyTemplates, into: &$0) }.0)
        #expect(NotifyRenderer(site: setup.site, templates: clean).unknownNames.isEmpty)
    }
}
