/// A place in a source file, as editors count it: 1-based line and column (columns in characters).
public struct SourceLocation: Hashable, Sendable, Comparable {
    /// Path relative to the site root, with `/` separators.
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
    }
}

/// One problem found in the user's input, printed as `path:line:col: severity: message`.
public struct Diagnostic: Hashable, Sendable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public var severity: Severity
    public var location: SourceLocation
    /// What went wrong, by code: rendered in the site's language when printed.
    public var text: Message

    public init(_ severity: Severity, at location: SourceLocation, _ text: Message) {
        self.severity = severity
        self.location = location
        self.text = text
    }

    public static func error(_ code: MessageCode, _ arguments: [String: MessageArgument] = [:], at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, at: location, Message(code, arguments))
    }

    public static func warning(_ code: MessageCode, _ arguments: [String: MessageArgument] = [:], at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, at: location, Message(code, arguments))
    }

    /// The message in English (tests, logs that know no site).
    public var message: String { text.english }

    /// `path:line:col: error: text [code]` in the catalog's language. `error` and `warning` stay
    /// English: editors' tools (VS Code problem matchers, CI annotations) look for them.
    public func line(in catalog: MessageCatalog) -> String {
        "\(PlainText.escaped(location.path)):\(location.line):\(location.column): \(severity.rawValue): \(PlainText.escaped(text.text(in: catalog))) \(catalog.shownCode(text.code))"
    }

    /// The English line without its code (tests, logs); printing adds the code (`line(in:)`). One
    /// line whatever the path and the message quote (control characters escaped).
    public var description: String {
        "\(PlainText.escaped(location.path)):\(location.line):\(location.column): \(severity.rawValue): \(PlainText.escaped(message))"
    }
}

/// Collects problems from every stage so a run reports all of them at once.
public struct Diagnostics: Sendable, Error {
    public private(set) var all: [Diagnostic] = []

    public init(_ diagnostics: [Diagnostic] = []) {
        all = diagnostics
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    public mutating func append(contentsOf other: some Sequence<Diagnostic>) {
        all.append(contentsOf: other)
    }

    public mutating func error(_ code: MessageCode, _ arguments: [String: MessageArgument] = [:], at location: SourceLocation) {
        all.append(.error(code, arguments, at: location))
    }

    public mutating func warning(_ code: MessageCode, _ arguments: [String: MessageArgument] = [:], at location: SourceLocation) {
        all.append(.warning(code, arguments, at: location))
    }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var isEmpty: Bool { all.isEmpty }

    /// Sorted by path, line, column, then message; duplicates removed. This is the printing order.
    public var sorted: [Diagnostic] {
        Array(Set(all)).map { ($0, $0.message) }.sorted {
            ($0.0.location, $0.1, $0.0.severity.rawValue) < ($1.0.location, $1.1, $1.0.severity.rawValue)
        }.map(\.0)
    }
}
