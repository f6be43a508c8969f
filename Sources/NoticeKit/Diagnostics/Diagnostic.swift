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
    public var message: String

    public init(_ severity: Severity, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    public static func warning(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }

    /// One line whatever the path and the message quote (control characters escaped).
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

    public mutating func error(_ message: String, at location: SourceLocation) {
        all.append(.error(message, at: location))
    }

    public mutating func warning(_ message: String, at location: SourceLocation) {
        all.append(.warning(message, at: location))
    }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var isEmpty: Bool { all.isEmpty }

    /// Sorted by path, line, column, then message; duplicates removed. This is the printing order.
    public var sorted: [Diagnostic] {
        Array(Set(all)).sorted {
            ($0.location, $0.message, $0.severity.rawValue) < ($1.location, $1.message, $1.severity.rawValue)
        }
    }
}
