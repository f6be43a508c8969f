/// The small status files (docs/outputs.md, "Status files"): `status.json` with every node's
/// state, `produkte/ID/status.json` with what is current for one node, `status-texts.json` with
/// the banner's texts in every language of the theme. Only what is current, so each stays a few KB.
struct StatusFiles {
    static let schemaVersion = 1

    let site: Site
    let paths: SitePaths
    let states: StateTexts

    var outputPaths: [String] {
        [paths.siteStatus, paths.statusTexts] + site.catalog.products.map { paths.productStatus($0.id) }
    }

    func files() -> [OutputFile] {
        var files = [
            OutputFile(path: paths.siteStatus, bytes: root().serializedBytes()),
            OutputFile(path: paths.statusTexts, bytes: texts().serializedBytes()),
        ]
        for (index, product) in site.catalog.products.enumerated() {
            files.append(OutputFile(path: paths.productStatus(product.id), bytes: node(index).serializedBytes()))
        }
        return files
    }

    private var head: [(String, JSONValue)] {
        [
            ("version", .int(Self.schemaVersion)),
            ("site", .object([("title", .string(site.settings.title)), ("url", .string(paths.absolute(paths.home)))])),
            ("generated_at", .string(date(site.time.now))),
            ("next_change", .optional(site.nextChange.map(date))),
        ]
    }

    private func date(_ instant: Int64) -> String {
        NoticeDate(instant: instant, timeZone: site.settings.timeZone).rfc3339DateTime
    }

    func root() -> JSONValue {
        let nodes: [JSONValue] = site.catalog.products.enumerated().map { index, product in
            let status = site.status[index]
            return .object([
                ("id", .string(product.id)),
                ("label", .string(product.label)),
                ("url", .string(paths.absolute(paths.product(product.id)))),
                ("status_url", .string(paths.absolute(paths.productStatus(product.id)))),
                ("state", .string(status.state.rawValue)),
                ("partial", .bool(status.partial)),
                ("notices", .array(status.current.map { .string(site.notices[$0].id) })),
                ("upcoming", .array(status.upcoming.map { .string(site.notices[$0].id) })),
            ])
        }
        return .object(head + [("revision", .string(StatusRevision.of(site))), ("nodes", .array(nodes))])
    }

    func node(_ index: Int) -> JSONValue {
        let product = site.catalog.products[index]
        let status = site.status[index]
        return .object(
            head + [
                (
                    "product",
                    .object([
                        ("id", .string(product.id)), ("label", .string(product.label)),
                        ("url", .string(paths.absolute(paths.product(product.id)))),
                    ])
                ),
                ("state", .string(status.state.rawValue)),
                ("state_label", .string(states.node(status.state))),
                ("partial", .bool(status.partial)),
                ("current", .array(status.current.map { current(site.notices[$0]) })),
                ("upcoming", .array(status.upcoming.map { upcoming(site.notices[$0]) })),
            ])
    }

    private func window(_ notice: Notice) -> JSONValue {
        notice.lifecycle.window.map {
            .object([("start", .string($0.start.rfc3339DateTime)), ("end", .string($0.end.rfc3339DateTime))])
        } ?? .null
    }

    private func current(_ notice: Notice) -> JSONValue {
        let latest = notice.lifecycle.updates.first.map {
            JSONValue.object([("date", .string($0.date.rfc3339)), ("text", .string($0.text))])
        }
        return .object([
            ("id", .string(notice.id)),
            ("title", .string(notice.title)),
            ("url", .string(paths.absolute(paths.notice(notice)))),
            ("state", .string(NodeState.contribution(of: notice.lifecycle, at: notice.state).rawValue)),
            ("impact", .optional(notice.lifecycle.impact?.rawValue)),
            ("state_text", .optional(states.label(for: notice))),
            ("latest_update", latest ?? .null),
            ("window", window(notice)),
        ])
    }

    private func upcoming(_ notice: Notice) -> JSONValue {
        .object([
            ("id", .string(notice.id)),
            ("title", .string(notice.title)),
            ("url", .string(paths.absolute(paths.notice(notice)))),
            ("state_text", .optional(states.label(for: notice))),
            ("window", window(notice)),
        ])
    }

    /// `{"default": "de", "languages": {"de": {...}, "en": {...}}}`: the `status` texts of every
    /// strings file (see `UIStrings.statusTextsByLanguage`).
    func texts() -> JSONValue {
        .object([
            ("version", .int(Self.schemaVersion)),
            ("default", .string(site.strings.language)),
            (
                "languages",
                .object(
                    site.strings.statusTextsByLanguage.map { language, texts in
                        (language, .object(texts.map { ($0.key, .string($0.text)) }))
                    })
            ),
        ])
    }
}
