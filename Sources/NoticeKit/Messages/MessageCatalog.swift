import Foundation
import Yams

/// The texts of one language for every `MessageCode`, read from the built-in catalog
/// `templates/strings/messages/LANGUAGE.yml`. An entry is a text, or `{code, text}` when the
/// language shows its own code (`unbekanntes-produkt` for `unknown-product`).
public struct MessageCatalog: Sendable {
    public struct Entry: Sendable, Equatable {
        /// What the editor sees in brackets: `[unbekanntes-produkt]`.
        public var shownCode: String
        var pattern: TextPattern
        public var placeholders: [String] { pattern.placeholders }
    }

    public let language: String
    public let entries: [String: Entry]

    public static let folder = "templates/strings/messages"
    public static let languages = ["de", "en"]
    public static let english = MessageCatalog.load("en")
    public static let german = MessageCatalog.load("de")

    /// The catalog for a site's `language`: German for `de` and its variants, else English.
    /// `NOTICES_MESSAGES=en` (or `de`) overrides it, for whoever reads a site's log in another language.
    public static func forLanguage(_ language: String) -> MessageCatalog {
        let chosen = override ?? language
        return chosen.lowercased().split(separator: "-").first == "de" ? german : english
    }

    private static let override: String? = ProcessInfo.processInfo.environment["NOTICES_MESSAGES"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Parses a catalog file's text; the problems (not a mapping, a bad entry) are returned as text.
    public static func parse(_ yaml: String, language: String) -> (MessageCatalog, [String]) {
        var problems: [String] = []
        var entries: [String: Entry] = [:]
        guard let node = (try? Yams.compose(yaml: yaml)) ?? nil, let mapping = node.mapping else {
            return (
                MessageCatalog(language: language, entries: [:]), ["\(language).yml is not a mapping of codes to texts"]
            )
        }
        for (key, value) in mapping {
            guard let code = key.string else { continue }
            if let text = value.string {
                entries[code] = Entry(shownCode: code, pattern: TextPattern(text))
            } else if let inner = value.mapping, let text = inner["text"]?.string {
                entries[code] = Entry(shownCode: inner["code"]?.string ?? code, pattern: TextPattern(text))
            } else {
                problems.append("\(language).yml: '\(code)' must be a text or {code, text}")
            }
        }
        return (MessageCatalog(language: language, entries: entries), problems)
    }

    static func load(_ language: String) -> MessageCatalog {
        let text = BuiltInTheme.text(at: "\(folder)/\(language).yml") ?? ""
        return parse(text, language: language).0
    }

    /// The code as the editor sees it, `[unbekanntes-produkt]`.
    public func shownCode(_ code: MessageCode) -> String {
        "[" + (entries[code.rawValue]?.shownCode ?? code.rawValue) + "]"
    }

    func render(_ message: Message) -> String {
        guard let entry = entries[message.code.rawValue] ?? Self.englishFallback(message.code) else {
            // Only reachable with a catalog that lacks the code, which MessageCatalogTests forbids.
            return message.code.rawValue
                + message.arguments.sorted { $0.key < $1.key }.map { " \($0.key)=\(render($0.value))" }.joined()
        }
        var result = ""
        for piece in entry.pattern.pieces {
            switch piece {
            case .text(let text): result += text
            case .placeholder(let name): result += message.arguments[name].map(render) ?? "{\(name)}"
            }
        }
        return result
    }

    private static func englishFallback(_ code: MessageCode) -> Entry? {
        english.entries[code.rawValue]
    }

    func render(_ argument: MessageArgument) -> String {
        switch argument {
        case .text(let text): text
        case .message(let message): render(message)
        case .messages(let messages): messages.map(render).joined()
        case .choices(let words):
            words.map { "'\($0)'" }.joined(separator: render(Message(.wordOr)))
        case .empty: ""
        }
    }
}

extension MessageCatalog {
    /// The catalog of the site whose `content/site.yml` this is: its `language`, else the default
    /// (`de`); an unreadable file gives the default too.
    public static func forSite(settingsFile: SourceFile?) -> MessageCatalog {
        var ignored = Diagnostics()  // the build reports them
        return forLanguage(SiteSettings.load(settingsFile, into: &ignored).language)
    }

    /// The catalog for a site's settings.
    public static func forSite(_ settings: SiteSettings) -> MessageCatalog {
        forLanguage(settings.language)
    }
}
