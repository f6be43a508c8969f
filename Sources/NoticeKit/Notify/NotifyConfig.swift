import Foundation

/// `content/notify.yml`: where changes are announced. Secrets are never in it: passwords and
/// webhook URLs come from environment variables it names.
public struct NotifyConfig: Sendable, Equatable {
    public struct Email: Sendable, Equatable {
        /// `smtp://host:587` (STARTTLS) or `smtps://host:465`.
        public var smtp: String
        public var startTLS = true
        public var userEnv: String?
        public var passwordEnv: String?
        /// `Kundeninformationen <hilfe@example.de>`
        public var from: String
        /// PEM file of the certificate authorities the SMTP server is checked against (default: the system's).
        public var caFile: String?
        public var unsubscribe: String?
    }

    public enum Format: String, Sendable, CaseIterable {
        case teams, slack, mattermost, json
    }

    public enum Target: Sendable, Equatable {
        case email([String])
        case webhook(env: String, format: Format)
    }

    public struct Channel: Sendable, Equatable {
        /// Names the channel in messages and in the announcement record.
        public var name: String
        public var products: [String]
        public var target: Target
        /// A `List-Unsubscribe` value for this list (`mailto:` or `https:`); else the email section's.
        public var unsubscribe: String?
        public var location: SourceLocation
    }

    public var email: Email?
    public var channels: [Channel] = []
    /// Seconds before a maintenance window's start from which a reminder is sent once.
    public var remindBefore: Int64?

    public static let path = "content/notify.yml"
    static let longestReminder: Int64 = 30 * 86400
}

extension NotifyConfig {
    /// Reads `notify.yml`, checking product ids against the catalog; all problems at once. nil
    /// when any is an error.
    public static func load(_ file: SourceFile, catalog: Catalog, into diagnostics: inout Diagnostics) -> NotifyConfig?
    {
        let start = diagnostics.mark
        guard let document = YAMLParser.parse(file, into: &diagnostics) else { return nil }
        guard case .value(let parsed) = document else {
            diagnostics.error(.notifyEmpty, at: SourceLocation(path: file.path))
            return nil
        }
        var config = NotifyConfig()
        let reader = MappingReader(parsed, context: MessageArgument(.contextNotifySettings), into: &diagnostics)
        reader.rejectUnknownKeys(allowed: ["email", "channels", "remind_before"], into: &diagnostics)
        if let entry = reader["email"] { config.email = loadEmail(entry.value, &diagnostics) }
        if let (text, location) = reader.string("remind_before", required: false, into: &diagnostics) {
            if let seconds = duration(text), seconds > 0, seconds <= longestReminder {
                config.remindBefore = seconds
            } else {
                diagnostics.error(.notifyBadRemind, ["found": .text(text)], at: location)
            }
        }
        if let entry = reader["channels"] {
            if case .list(let items, _) = entry.value, !items.isEmpty {
                config.channels = items.compactMap { loadChannel($0, config: config, catalog: catalog, &diagnostics) }
            } else {
                diagnostics.error(.notifyChannelsNotAList, at: entry.value.location)
            }
        } else {
            reader.missing("channels", into: &diagnostics)
        }
        var seen: [String: SourceLocation] = [:]
        for channel in config.channels {
            if let first = seen[channel.name], let line = first.line {
                diagnostics.error(
                    .notifyChannelTwice, ["name": .text(channel.name), "line": .number(line)], at: channel.location)
            }
            seen[channel.name] = seen[channel.name] ?? channel.location
        }
        return diagnostics.hasErrors(since: start) ? nil : config
    }

    /// `24h`, `90m`, `2d`, `1h30m` in seconds; nil when unreadable or longer than 30 days.
    public static func parseDuration(_ text: String) -> Int64? {
        duration(text).flatMap { $0 <= longestReminder ? $0 : nil }
    }

    /// `24h`, `90m`, `2d`, `1h30m` in seconds; nil when unreadable.
    static func duration(_ text: String) -> Int64? {
        var total: Int64 = 0
        var number: Int64?
        for character in text.trimmingWhitespace {
            if let digit = character.wholeNumberValue, character.isASCII {
                number = (number ?? 0) * 10 + Int64(digit)
                if number! > 1_000_000 { return nil }
            } else {
                guard let value = number, let unit = ["d": 86400, "h": 3600, "m": 60][character] else { return nil }
                total += value * Int64(unit)
                number = nil
            }
        }
        return number == nil && total > 0 ? total : nil
    }

    private static func loadEmail(_ value: YAMLValue, _ diagnostics: inout Diagnostics) -> Email? {
        let reader = MappingReader(value, context: MessageArgument(.contextEmailSection), into: &diagnostics)
        reader.rejectUnknownKeys(
            allowed: ["smtp", "starttls", "user_env", "password_env", "from", "ca_file", "unsubscribe"],
            into: &diagnostics)
        let smtp = reader.string("smtp", required: true, into: &diagnostics)
        let from = reader.string("from", required: true, into: &diagnostics)
        if let (url, location) = smtp {
            let lower = url.lowercased()
            if !(lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://")) {
                diagnostics.append(.error(.notifyBadSMTP, ["found": .text(url)], at: location))
            } else if url.dropFirst(lower.hasPrefix("smtps") ? 8 : 7).prefix(while: { $0 != "/" }).contains("@") {
                diagnostics.append(.error(.notifySMTPSecret, at: location))
            }
        }
        if let (address, location) = from, MailAddress.parse(address) == nil {
            diagnostics.append(.error(.notifyBadFrom, ["found": .text(address)], at: location))
        }
        var email = Email(smtp: smtp?.0 ?? "", from: from?.0 ?? "")
        if let (flag, _) = reader.bool("starttls", into: &diagnostics) { email.startTLS = flag }
        email.userEnv = environmentName(reader, "user_env", &diagnostics)
        email.passwordEnv = environmentName(reader, "password_env", &diagnostics)
        email.caFile = reader.string("ca_file", required: false, into: &diagnostics)?.0
        email.unsubscribe = unsubscribe(reader, &diagnostics)
        return smtp == nil || from == nil ? nil : email
    }

    private static func loadChannel(
        _ value: YAMLValue, config: NotifyConfig, catalog: Catalog, _ diagnostics: inout Diagnostics
    ) -> Channel? {
        let reader = MappingReader(value, context: MessageArgument(.contextChannel), into: &diagnostics)
        reader.rejectUnknownKeys(
            allowed: ["name", "products", "email", "webhook_env", "format", "unsubscribe"], into: &diagnostics)
        let name = channelName(reader, &diagnostics)
        let products = reader.stringList("products", required: true, into: &diagnostics) ?? []
        if reader["products"] != nil && products.isEmpty {
            diagnostics.append(.error(.notifyNoProducts, at: reader.location))
        }
        for (id, location) in products where id != Catalog.everyProductID && catalog[id] == nil {
            diagnostics.append(
                .error(
                    .notifyUnknownProduct, ["id": .text(id), "hint": Suggestions.hint(forProduct: id, in: catalog)],
                    at: location))
        }
        let target: Target?
        if reader["email"] != nil {
            if config.email == nil {
                diagnostics.append(.error(.notifyNoEmailSection, at: reader.location))
            }
            if reader["webhook_env"] != nil || reader["format"] != nil {
                diagnostics.append(.error(.notifyEmailAndWebhook, at: reader.location))
            }
            target = .email(emailAddresses(reader, &diagnostics))
        } else if reader["webhook_env"] != nil {
            target = webhook(reader, &diagnostics)
        } else {
            diagnostics.append(.error(.notifyNoTarget, at: reader.location))
            target = nil
        }
        let unsubscribe = unsubscribe(reader, &diagnostics)
        guard let target, let name else { return nil }
        return Channel(
            name: name, products: products.map(\.0), target: target, unsubscribe: unsubscribe, location: reader.location
        )
    }

    /// Required, and a slug: names are stored in the published announcement record, so no
    /// address ends up there by default.
    private static func channelName(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> String? {
        guard let (name, location) = reader.string("name", required: false, into: &diagnostics) else {
            diagnostics.append(.error(.notifyNoName, at: reader.location))
            return nil
        }
        guard Slug.isValid(name) else {
            diagnostics.append(.error(.notifyBadName, ["name": .text(name)], at: location))
            return nil
        }
        return name
    }

    /// `email: one@list` or `email: [one@list, two@list]`: plain addresses only.
    private static func emailAddresses(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> [String] {
        let addresses: [(String, SourceLocation)]
        if case .list = reader["email"]?.value {
            addresses = reader.stringList("email", required: true, into: &diagnostics) ?? []
        } else {
            addresses = reader.string("email", required: true, into: &diagnostics).map { [$0] } ?? []
        }
        for (address, location) in addresses where MailAddress.parse(address) == nil || address.contains("<") {
            diagnostics.append(.error(.notifyBadEmail, ["found": .text(address)], at: location))
        }
        return addresses.map(\.0)
    }

    private static func webhook(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> Target? {
        let env = environmentName(reader, "webhook_env", &diagnostics)
        guard let (text, location) = reader.string("format", required: true, into: &diagnostics) else { return nil }
        guard let format = Format(rawValue: text) else {
            let names = Format.allCases.map(\.rawValue)
            diagnostics.append(
                .error(
                    .notifyUnknownFormat,
                    [
                        "format": .text(text), "hint": Suggestions.hint(for: text, in: names),
                        "formats": .text(names.joined(separator: ", ")),
                    ], at: location))
            return nil
        }
        return env.map { .webhook(env: $0, format: format) }
    }

    private static func environmentName(_ reader: MappingReader, _ key: String, _ diagnostics: inout Diagnostics)
        -> String?
    {
        guard let (name, location) = reader.string(key, required: false, into: &diagnostics) else { return nil }
        let valid =
            name.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard valid else {
            diagnostics.append(.error(.notifyBadEnvName, ["key": .text(key), "found": .text(name)], at: location))
            return nil
        }
        return name
    }

    private static func unsubscribe(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> String? {
        guard let (value, location) = reader.string("unsubscribe", required: false, into: &diagnostics) else {
            return nil
        }
        let lower = value.lowercased()
        guard lower.hasPrefix("mailto:") || lower.hasPrefix("https://"),
            !value.contains(where: { $0 == "<" || $0 == ">" || $0.isWhitespace })
        else {
            diagnostics.append(.error(.notifyBadUnsubscribe, ["found": .text(value)], at: location))
            return nil
        }
        return value
    }
}
