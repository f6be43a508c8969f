/// The JSON a webhook receives, in its platform's documented shape (docs/notify.md):
/// - `slack`: incoming webhook `{"text", "blocks"}`, mrkdwn with `&`, `<`, `>` escaped;
/// - `mattermost`: incoming webhook `{"text"}` in Markdown;
/// - `teams`: a Workflows webhook `{"type":"message","attachments":[{adaptive card}]}`;
/// - `json`: `{"version","site","channel","changes"}`, the changes as `notices changes` prints them.
enum WebhookPayload {
    /// Changes listed one by one in a chat message; the rest are counted with a link to the site
    /// (Slack takes at most 50 blocks, Mattermost 16,383 characters of text).
    static let chatLimit = 40

    static func body(_ format: NotifyConfig.Format, message: NotifyMessage, channel: String, site: Site) -> [UInt8] {
        let value: JSONValue
        switch format {
        case .slack: value = slack(message, more: more(message, site: site))
        case .mattermost: value = mattermost(message, more: more(message, site: site))
        case .teams: value = teams(message, more: more(message, site: site))
        case .json:
            value = .object([
                ("version", .int(ChangesJSON.schemaVersion)),
                (
                    "site",
                    .object([
                        ("title", .string(site.settings.title)),
                        ("url", .string(SitePaths(settings: site.settings).absolute(""))),
                    ])
                ),
                ("channel", .string(channel)),
                ("subject", .string(message.subject)),
                ("changes", .array(message.items.map { ChangesJSON.value($0.change) })),
            ])
        }
        return value.serializedBytes()
    }

    /// `+ 12 more: https://…` for the changes past `chatLimit`, nil when all are listed.
    private static func more(_ message: NotifyMessage, site: Site) -> (count: Int, url: String)? {
        let rest = message.items.count - chatLimit
        return rest > 0 ? (rest, SitePaths(settings: site.settings).absolute("")) : nil
    }

    private static func slack(_ message: NotifyMessage, more: (count: Int, url: String)?) -> JSONValue {
        var lines = message.items.prefix(chatLimit).map { item in
            item.change.kind == .withdrawn
                ? slackEscape(item.headline) : "<\(slackEscape(item.url))|\(slackEscape(item.headline))>"
        }
        if let more { lines.append("+ \(more.count): <\(slackEscape(more.url))>") }
        // A section's text holds at most 3,000 characters: one section per change.
        let blocks: [JSONValue] = lines.map { line in
            .object([
                ("type", .string("section")),
                ("text", .object([("type", .string("mrkdwn")), ("text", .string(String(line.prefix(2900))))])),
            ])
        }
        return .object([("text", .string(slackEscape(message.subject))), ("blocks", .array(blocks))])
    }

    private static func mattermost(_ message: NotifyMessage, more: (count: Int, url: String)?) -> JSONValue {
        var lines = message.items.prefix(chatLimit).map { item in
            item.change.kind == .withdrawn
                ? "- " + markdownEscape(item.headline)
                : "- [\(markdownEscape(String(item.headline.prefix(300))))](\(item.url))"
        }
        if let more { lines.append("- + \(more.count): \(more.url)") }
        return .object([
            ("text", .string("#### " + markdownEscape(message.subject) + "\n" + lines.joined(separator: "\n")))
        ])
    }

    /// Titles go into TextBlocks as they are (Adaptive Cards define no escape for their Markdown
    /// subset); each change is a Container whose selectAction opens the notice.
    private static func teams(_ message: NotifyMessage, more: (count: Int, url: String)?) -> JSONValue {
        func text(_ text: String, _ extra: [(String, JSONValue)] = []) -> JSONValue {
            .object([("type", .string("TextBlock")), ("text", .string(text)), ("wrap", .bool(true))] + extra)
        }
        func linked(_ url: String, _ item: JSONValue) -> JSONValue {
            .object([
                ("type", .string("Container")), ("items", .array([item])),
                ("selectAction", .object([("type", .string("Action.OpenUrl")), ("url", .string(url))])),
            ])
        }
        var body: [JSONValue] = [text(message.subject, [("weight", .string("Bolder")), ("size", .string("Medium"))])]
        body += message.items.prefix(chatLimit).map { item in
            item.change.kind == .withdrawn
                ? text(item.headline) : linked(item.url, text(item.headline, [("color", .string("Accent"))]))
        }
        if let more { body.append(linked(more.url, text("+ \(more.count)", [("color", .string("Accent"))]))) }
        let card: JSONValue = .object([
            ("$schema", .string("http://adaptivecards.io/schemas/adaptive-card.json")),
            ("type", .string("AdaptiveCard")),
            ("version", .string("1.4")),
            ("body", .array(body)),
        ])
        return .object([
            ("type", .string("message")),
            (
                "attachments",
                .array([
                    .object([
                        ("contentType", .string("application/vnd.microsoft.card.adaptive")), ("contentUrl", .null),
                        ("content", card),
                    ])
                ])
            ),
        ])
    }

    /// Slack reads `&`, `<` and `>` as markup (`<!channel>` would notify everyone).
    static func slackEscape(_ text: String) -> String {
        text.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;").replacingAll(">", with: "&gt;")
    }

    /// Markdown punctuation backslash-escaped, so a title is shown as written and links nothing.
    static func markdownEscape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]()<>#~|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
