/// What an editor is told, as a stable code and its values: rendered in the site's language from
/// the message catalogs (`templates/strings/messages/LANGUAGE.yml`, built into the binary).
public struct Message: Hashable, Sendable {
    public var code: MessageCode
    public var arguments: [String: MessageArgument]

    public init(_ code: MessageCode, _ arguments: [String: MessageArgument] = [:]) {
        self.code = code
        self.arguments = arguments
    }

    /// The text in `catalog`'s language, without the code.
    public func text(in catalog: MessageCatalog) -> String {
        catalog.render(self)
    }

    /// English, the language of tests and of places that know no site (`Diagnostic.message`).
    public var english: String { text(in: .english) }
}

/// A value put into a message: text as written, or a part that is itself translated.
public indirect enum MessageArgument: Hashable, Sendable, ExpressibleByStringInterpolation {
    /// Shown as it is (an id, a path, a number, what the editor wrote).
    case text(String)
    /// A translated part (a "did you mean" hint, a description of a value).
    case message(Message)
    /// Several translated parts, one after the other.
    case messages([Message])
    /// Quoted alternatives: `'a' or 'b'` in the catalog's language.
    case choices([String])
    /// Nothing: an optional part left out.
    case empty

    public init(stringLiteral value: String) {
        self = .text(value)
    }

    public init(_ code: MessageCode, _ arguments: [String: MessageArgument] = [:]) {
        self = .message(Message(code, arguments))
    }

    public static func number(_ value: Int) -> MessageArgument { .text(String(value)) }

    /// `.message` when there is one, else `.empty`.
    public static func optional(_ message: Message?) -> MessageArgument {
        message.map { .message($0) } ?? .empty
    }
}
