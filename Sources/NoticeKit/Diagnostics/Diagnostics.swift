/// The one sink every stage reports into, so a run shows all its problems at once.
///
/// The convention (docs/architecture.md, "Diagnostics"): a function that can find problems takes
/// `into diagnostics: inout Diagnostics` as its last parameter and returns its value, optional
/// when a problem can leave none. Work done in parallel gives each task a sink of its own and
/// appends them in input order, so the result does not depend on scheduling.
public struct Diagnostics: Sendable {
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

    public mutating func append(contentsOf other: Diagnostics) {
        all.append(contentsOf: other.all)
    }

    public mutating func error(
        _ code: MessageCode, _ arguments: [String: MessageArgument] = [:], at location: SourceLocation?
    ) {
        all.append(.error(code, arguments, at: location))
    }

    public mutating func warning(
        _ code: MessageCode, _ arguments: [String: MessageArgument] = [:], at location: SourceLocation?
    ) {
        all.append(.warning(code, arguments, at: location))
    }

    public var hasErrors: Bool { hasErrors(strict: false) }

    /// Whether a run with these problems fails: on any error, and with `strict` on any warning
    /// too (`Severity.escalated(strict:)`).
    public func hasErrors(strict: Bool) -> Bool {
        all.contains { $0.severity.escalated(strict: strict) == .error }
    }

    /// Where the sink stands now, to ask later what was reported since: a producer writing into
    /// its caller's sink must not mistake the caller's earlier problems for its own.
    public var mark: Int { all.count }

    public func hasErrors(since mark: Int) -> Bool {
        all[mark...].contains { $0.severity == .error }
    }

    public func hasReported(since mark: Int) -> Bool { all.count > mark }

    public var isEmpty: Bool { all.isEmpty }
    public var count: Int { all.count }

    /// Sorted by location (problems without one first, then by path, line, column), then
    /// message; duplicates removed. This is the printing order.
    public var sorted: [Diagnostic] {
        Array(Set(all)).map { ($0, $0.message) }.sorted { lhs, rhs in
            if lhs.0.location != rhs.0.location {
                guard let left = lhs.0.location else { return true }
                guard let right = rhs.0.location else { return false }
                return left < right
            }
            return (lhs.1, lhs.0.severity.rawValue) < (rhs.1, rhs.0.severity.rawValue)
        }.map(\.0)
    }
}
