/// A place in a source file, as editors count it: 1-based line and column (columns in characters),
/// or the file as a whole.
public struct SourceLocation: Hashable, Sendable, Comparable {
    /// Path relative to the site root, with `/` separators.
    public var path: String
    /// nil when the problem concerns the file as a whole (it is missing, empty, or clashes with
    /// another): no line is to blame, and inventing `1:1` would send an editor to the wrong place.
    public var line: Int?
    public var column: Int?

    /// A line and column in the file at `path`.
    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// The file at `path` as a whole, printed as `path:` without a line.
    public init(path: String) {
        self.path = path
    }

    /// `path:line:col`, or `path` for a whole file; the path escaped so it stays on one line.
    var shown: String {
        let path = PlainText.escaped(path)
        guard let line else { return path }
        return "\(path):\(line):\(column ?? 1)"
    }

    /// By path, then line and column; a whole file comes before its lines.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line ?? 0, lhs.column ?? 0) < (rhs.path, rhs.line ?? 0, rhs.column ?? 0)
    }
}

/// One problem found in the user's input, printed as `path:line:col: severity: message`, as
/// `path: severity: message` for a whole file, or as `notices: severity: message` when no file
/// is to blame.
public struct Diagnostic: Hashable, Sendable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }

        /// The severity that decides whether a run fails: with `strict` (`notices check --strict`,
        /// for CI) a warning counts as an error. The one place warnings are escalated; printed
        /// lines keep their own severity, so an editor still sees what is only a warning.
        public func escalated(strict: Bool) -> Severity {
            strict ? .error : self
        }
    }

    public var severity: Severity
    /// nil when no file is to blame (two outputs claim one path, the output folder is refused).
    public var location: SourceLocation?
    /// What went wrong, by code: rendered in the site's language when printed.
    public var text: Message

    public init(_ severity: Severity, at location: SourceLocation?, _ text: Message) {
        self.severity = severity
        self.location = location
        self.text = text
    }

    public static func error(
        _ code: MessageCode, _ arguments: [String: MessageArgument] = [:],
        at location: SourceLocation?
    ) -> Diagnostic {
        Diagnostic(.error, at: location, Message(code, arguments))
    }

    public static func warning(
        _ code: MessageCode, _ arguments: [String: MessageArgument] = [:],
        at location: SourceLocation?
    ) -> Diagnostic {
        Diagnostic(.warning, at: location, Message(code, arguments))
    }

    /// The message in English (tests, logs that know no site).
    public var message: String { text.english }

    /// Where the line starts: the location, or the program's name when no file is to blame (the
    /// form compilers use, which editors' problem matchers skip rather than misread as a path).
    var place: String { location?.shown ?? "notices" }

    /// `path:line:col: error: text [code]` in the catalog's language. `error` and `warning` stay
    /// English: editors' tools (VS Code problem matchers, CI annotations) look for them.
    public func line(in catalog: MessageCatalog) -> String {
        "\(place): \(severity.rawValue): \(PlainText.escaped(text.text(in: catalog))) \(catalog.shownCode(text.code))"
    }

    /// The English line without its code (tests, logs); printing adds the code (`line(in:)`). One
    /// line whatever the path and the message quote (control characters escaped).
    public var description: String {
        "\(place): \(severity.rawValue): \(PlainText.escaped(message))"
    }
}
