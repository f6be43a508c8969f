import Foundation
import Mustache

/// One channel's message for one run, rendered from the theme's `templates/notify/LANGUAGE/`
/// templates: `headline` (one change, one line), `subject`, `text` and `html`.
struct NotifyMessage: Sendable, Equatable {
    struct Item: Sendable, Equatable {
        var headline: String
        var url: String
        var change: Change
    }

    var subject: String
    var text: String
    var html: String
    var items: [Item]
}

/// Renders channel messages; the templates' names are checked once (`templateProblems`).
struct NotifyRenderer {
    static let parts = ["headline", "subject", "text", "html"]

    let site: Site
    let templates: TemplateSet
    /// `notify/de`
    let folder: String
    let states: StateTexts

    init(site: Site, templates: TemplateSet) {
        self.site = site
        self.templates = templates
        folder = Self.folder(language: site.settings.language, names: templates.names)
        states = StateTexts(strings: site.strings)
    }

    /// `notify/de-AT` when the theme has it, else `notify/de`.
    static func folder(language: String, names: Set<String>) -> String {
        let primary = String(language.split(separator: "-").first ?? "")
        return [language, primary].map { "notify/" + $0 }.first { names.contains($0 + "/subject") } ?? "notify/"
            + language
    }

    var templateProblems: [Diagnostic] {
        Self.templateProblems(language: site.settings.language, names: templates.names)
    }

    /// Missing notify templates, as errors naming the files to create.
    static func templateProblems(language: String, names: Set<String>) -> [Diagnostic] {
        let folder = folder(language: language, names: names)
        return parts.filter { !names.contains(folder + "/" + $0) }.map { part in
            let path = "\(SiteLayout.templatesFolder)/\(folder)/\(part).mustache"
            return .error(
                .missingNotifyTemplate, ["name": .text("\(folder)/\(part)"), "path": .text(path)],
                at: SourceLocation(path: path))
        }
    }

    /// Names the notify templates use that no change context provides (a typo renders as
    /// nothing), as warnings at their first use.
    var unknownNames: [Diagnostic] {
        let window = NoticeSnapshot.Window(start: "", end: "", startInstant: 0, endInstant: 0)
        let update = NoticeSnapshot.Update(instant: 0, date: "", text: "")
        let notice = NoticeSnapshot(
            id: "", title: "", url: "", categoryID: "", categoryName: "", products: [], impact: "major",
            status: "resolved", window: window, updates: [update])
        let sample = Change(
            kind: .status, notice: notice, reach: [], fromStatus: "ongoing", toStatus: "resolved",
            previousWindow: window, update: update)
        let channel = NotifyConfig.Channel(
            name: "", products: [], target: .email([]), location: SourceLocation(path: NotifyConfig.path))
        var vocabulary = Set<String>()
        TemplateVocabulary.collectKeys(
            context(channel: channel, changes: [sample], headlines: [""], unsubscribe: ""), into: &vocabulary)
        return templates.unknownNames(vocabulary: vocabulary, strings: site.strings) { $0.hasPrefix(folder + "/") }
    }

    func message(for channel: NotifyConfig.Channel, changes: [Change], unsubscribe: String?) -> NotifyMessage {
        let items = changes.map { change in
            NotifyMessage.Item(
                headline: oneLine(templates.render(folder + "/headline", view(change, headline: nil))),
                url: change.notice.url, change: change)
        }
        let context = context(
            channel: channel, changes: changes, headlines: items.map(\.headline), unsubscribe: unsubscribe)
        return NotifyMessage(
            subject: Self.shortened(oneLine(templates.render(folder + "/subject", context))),
            text: templates.render(folder + "/text", context),
            html: templates.render(folder + "/html", context), items: items)
    }

    /// What `subject`, `text` and `html` get (docs/notify.md, "Messages").
    private func context(channel: NotifyConfig.Channel, changes: [Change], headlines: [String], unsubscribe: String?)
        -> TemplateValue
    {
        [
            "site": [
                "title": .string(site.settings.title), "url": .string(SitePaths(settings: site.settings).absolute("")),
            ],
            "channel": [
                "name": .string(channel.name), "products": .string(channel.products.map(label).joined(separator: ", ")),
            ],
            "changes": .list(zip(changes, headlines).map { view($0, headline: $1) }),
            "count": .int(changes.count),
            "single": .bool(changes.count == 1),
            "unsubscribe": unsubscribe.map(TemplateValue.string) ?? .null,
        ]
    }

    private func view(_ change: Change, headline: String?) -> TemplateValue {
        let notice = change.notice
        let zone = site.settings.timeZone
        func windowText(_ window: NoticeSnapshot.Window?) -> TemplateValue {
            guard let window else { return .null }
            return .string(
                states.windowText(
                    Lifecycle.Window(
                        start: NoticeDate(instant: window.startInstant, timeZone: zone),
                        end: NoticeDate(instant: window.endInstant, timeZone: zone))))
        }
        var pairs: [(String, TemplateValue)] = Change.Kind.allCases.map { ($0.rawValue, .bool(change.kind == $0)) }
        pairs += [
            ("kind", .string(change.kind.rawValue)),
            ("title", .string(notice.title)),
            ("url", .string(notice.url)),
            ("category", .string(notice.categoryName)),
            ("impact", notice.impact.map(TemplateValue.string) ?? .null),
            ("impact_label", notice.impact.flatMap(Impact.init(rawValue:)).map { .string(states.impact($0)) } ?? .null),
            ("products", .string(notice.products.map(label).joined(separator: ", "))),
            ("status_label", statusLabel(change.toStatus ?? notice.status)),
            ("from_status_label", statusLabel(change.fromStatus)),
            ("window", windowText(notice.window)),
            ("previous_window", windowText(change.previousWindow)),
            ("update_text", change.update.map { .string($0.text) } ?? .null),
            (
                "update_date",
                change.update.map { .string(states.dates.dateTime(NoticeDate(instant: $0.instant, timeZone: zone))) }
                    ?? .null
            ),
            ("headline", headline.map(TemplateValue.string) ?? .null),
        ]
        return .object(TemplateObject(pairs))
    }

    private func statusLabel(_ status: String?) -> TemplateValue {
        switch status.flatMap(Lifecycle.Status.init(rawValue:)) {
        case .ongoing: .string(site.strings.disruption)
        case .monitoring: .string(site.strings.monitoring)
        case .resolved: .string(site.strings.resolved)
        case nil: .null
        }
    }

    private func label(_ id: String) -> String {
        site.catalog[id]?.label ?? site.strings.allProducts
    }

    /// Mail programs show about 80 characters of a subject; a run with many changes would
    /// otherwise list every headline. Cut at a word, marked with an ellipsis.
    static func shortened(_ subject: String, limit: Int = 180) -> String {
        guard subject.count > limit else { return subject }
        let head = subject.prefix(limit)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: CharacterSet(charactersIn: " ;,:–-")) + " …"
    }

    /// Subjects and headlines are one line whatever the template's layout.
    private func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
