/// The JSON a webhook receives, in its platform's documented shape (docs/notify.md):
/// - `slack`: incoming webhook `{"text", "blocks"}`, mrkdwn with `&`, `<`, `>` escaped;
/// - `mattermost`: incoming webhook `{"text"}` in Markdown;
/// - `teams`: a Workflows webhook `{"type":"message","attachments":[{adaptive card}]}`;
/// - `json`: `{"version","site","channel","changes"}`, the changes as `notices changes` prints them.
enum WebhookPayload {
    static func body(_ format: NotifyConfig.Format, message: NotifyMessage, channel: String, site: Site) -> [UInt8] {
        let value: JSONValue
        switch format {
        case .slack: value = slack(message)
        case .mattermost: value = mattermost(message)
        case .teams: value = teams(message)
        case .json:
            value = .object([
                ("version", .int(ChangesJSON.schemaVersion)),
                ("site", .object([("title", .string(site.settings.title)), ("url", .string(SitePaths(settings: site.settings).absolute("")))])),
                ("channel", .string(channel)),
                ("subject", .string(message.subject)),
                ("changes", .array(message.items.map { ChangesJSON.value($0.change) })),
            ])
        }
        return value.serializedBytes()
    }

    private static func slack(_ message: NotifyMessage) -> JSONValue {
        let lines = message.items.map { item in
            item.change.kind == .withdrawn ? slackEscape(item.headline) : "<\(slackEscape(item.url))|\(slackEscape(item.headline))>"
        }
        // A section's text holds at most 3,000 characters: one section per change.
        let blocks: [JSONValue] = lines.map { line in
            .object([("type", .string("section")), ("text", .object([("type", .string("mrkdwn")), ("text", .string(String(line.prefix(2900))))]))])
        }
        return .object([("text", .string(slackEscape(message.subject))), ("blocks", .array(Array(blocks.prefix(50))))])
    }

    private static func mattermost(_ message: NotifyMessage) -> JSONValue {
        let lines = message.items.map { item in
            item.change.kind == .withdrawn ? "- " + markdownEscape(item.headline) : "- [\(markdownEscape(item.headline))](\(item.url))"
        }
        return .object([("text", .string("#### " + markdownEscape(message.subject) + "\n" + lines.joined(separator: "\n")))])
    }

    private static func teams(_ message: NotifyMessage) -> JSONValue {
        var body: [JSONValue] = [
            .object([("type", .string("TextBlock")), ("text", .string(markdownEscape(message.subject))), ("weight", .string("Bolder")),
                     ("size", .string("Medium")), ("wrap", .bool(true))]),
        ]
        body += message.items.map { item in
            let text = item.change.kind == .withdrawn ? markdownEscape(item.headline) : "[\(markdownEscape(item.headline))](\(item.url))"
            return .object([("type", .string("TextBlock")), ("text", .string(text)), ("wrap", .bool(true))])
        }
        let card: JSONValue = .object([
            ("$schema", .string("http://adaptivecards.io/schemas/adaptive-card.json")),
            ("type", .string("AdaptiveCard")),
            ("version", .string("1.4")),
            ("body", .array(body)),
        ])
        return .object([
            ("type", .string("message")),
            ("attachments", .array([.object([("contentType", .string("application/vnd.microsoft.card.adaptive")), ("contentUrl", .null),
                                             ("content", card)])])),
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
