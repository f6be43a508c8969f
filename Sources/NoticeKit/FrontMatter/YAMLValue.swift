/// A YAML text as read: its value, or `.empty` when it holds none (nothing, or only comments),
/// which some files allow (`site.yml`) and others refuse with a message of their own.
enum YAMLDocument: Sendable, Equatable {
    case empty
    case value(YAMLValue)
}

/// A YAML value with the place it was written, independent of the YAML library.
public indirect enum YAMLValue: Sendable, Equatable {
    /// What a plain scalar resolves to under YAML 1.1 rules; quoted scalars are always `string`.
    public enum ScalarKind: String, Sendable {
        case string, int, float, bool, null, timestamp
    }

    case scalar(String, ScalarKind, SourceLocation)
    case list([YAMLValue], SourceLocation)
    case map([YAMLEntry], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(_, _, let location), .list(_, let location), .map(_, let location): location
        }
    }

    /// How the value reads in an error message: "the number 123", "a list".
    var described: MessageArgument {
        switch self {
        case .scalar(let text, let kind, _):
            switch kind {
            case .string, .timestamp: .text("'\(text)'")
            case .int, .float: MessageArgument(.describedNumber, ["text": .text(text)])
            case .bool:
                MessageArgument(
                    ["true", "yes", "on", "y"].contains(text.lowercased()) ? .describedTrue : .describedFalse,
                    ["text": .text(text)])
            case .null: MessageArgument(.describedNothing)
            }
        case .list: MessageArgument(.describedList)
        case .map: MessageArgument(.describedMapping)
        }
    }
}

/// One `key: value` pair of a mapping.
public struct YAMLEntry: Sendable, Equatable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: YAMLValue
}
