/// Reads typed fields out of a YAML mapping, reporting one diagnostic per problem into the
/// caller's sink. Shared by front matter, `site.yml` and the catalog so every file reports errors
/// the same way. A value that is not a mapping is reported once and read as an empty one, so
/// required keys are still named.
struct MappingReader {
    let entries: [YAMLEntry]
    let location: SourceLocation
    /// Where the mapping comes from, for messages ("front matter", "site.yml").
    let context: MessageArgument

    init(_ value: YAMLValue, context: MessageArgument, into diagnostics: inout Diagnostics) {
        self.context = context
        location = value.location
        if case .map(let entries, _) = value {
            self.entries = entries
        } else {
            self.entries = []
            diagnostics.append(
                .error(.notAMapping, ["context": context, "found": value.described], at: value.location))
        }
    }

    subscript(key: String) -> YAMLEntry? {
        entries.first { $0.key == key }
    }

    /// Most unknown keys reported one by one per mapping; the rest are counted in one line, so a
    /// runaway file gives a readable report in bounded time.
    static let unknownKeyLimit = 20

    /// Reports keys not in `allowed`, each with the allowed list and a did-you-mean.
    func rejectUnknownKeys(allowed: [String], into diagnostics: inout Diagnostics) {
        let allowedSet = Set(allowed)
        let unknown = entries.filter { !allowedSet.contains($0.key) }
        for entry in unknown.prefix(Self.unknownKeyLimit) {
            diagnostics.append(
                .error(
                    .unknownKey,
                    [
                        "key": .text(entry.key), "context": context,
                        "hint": Suggestions.hint(for: entry.key, in: allowed),
                        "allowed": .text(allowed.joined(separator: ", ")),
                    ], at: entry.keyLocation))
        }
        if unknown.count > Self.unknownKeyLimit, let next = unknown.dropFirst(Self.unknownKeyLimit).first {
            diagnostics.append(
                .error(
                    .moreUnknownKeys, ["count": .number(unknown.count - Self.unknownKeyLimit), "context": context],
                    at: next.keyLocation))
        }
    }

    /// A text value. Plain numbers and booleans are refused so `title: 123` or `NO` is caught.
    func string(_ key: String, required: Bool, allowEmpty: Bool = false, into diagnostics: inout Diagnostics) -> (
        String, SourceLocation
    )? {
        guard let entry = self[key] else {
            if required { missing(key, into: &diagnostics) }
            return nil
        }
        switch entry.value {
        case .scalar(let text, .string, let location), .scalar(let text, .timestamp, let location):
            if !allowEmpty && text.trimmingWhitespace.isEmpty {
                diagnostics.append(.error(.emptyValue, ["key": .text(key)], at: location))
                return nil
            }
            return (text, location)
        case .scalar(_, .null, let location):
            if required || !allowEmpty {
                diagnostics.append(.error(.noValue, ["key": .text(key)], at: location))
            }
            return nil
        case .scalar(let text, _, let location):
            diagnostics.append(
                .error(
                    .textInQuotes, ["key": .text(key), "found": entry.value.described, "text": .text(text)],
                    at: location))
            return nil
        default:
            diagnostics.append(
                .error(.notText, ["key": .text(key), "found": entry.value.described], at: entry.value.location))
            return nil
        }
    }

    /// A whole number in `range`.
    func integer(_ key: String, in range: ClosedRange<Int>, into diagnostics: inout Diagnostics) -> (
        Int, SourceLocation
    )? {
        guard let entry = self[key] else { return nil }
        if case .scalar(let text, let kind, let location) = entry.value, kind == .int || kind == .string,
            let value = Int(text)
        {
            guard range.contains(value) else {
                diagnostics.append(
                    .error(
                        .outOfRange,
                        [
                            "key": .text(key), "low": .number(range.lowerBound), "high": .number(range.upperBound),
                            "found": .number(value),
                        ], at: location))
                return nil
            }
            return (value, location)
        }
        diagnostics.append(
            .error(.notAWholeNumber, ["key": .text(key), "found": entry.value.described], at: entry.value.location))
        return nil
    }

    /// `true` or `false`.
    func bool(_ key: String, into diagnostics: inout Diagnostics) -> (Bool, SourceLocation)? {
        guard let entry = self[key] else { return nil }
        if case .scalar(let text, .bool, let location) = entry.value {
            return (["true", "yes", "on", "y"].contains(text.lowercased()), location)
        }
        diagnostics.append(
            .error(.notABool, ["key": .text(key), "found": entry.value.described], at: entry.value.location))
        return nil
    }

    /// A list of text values; a single text value is accepted as a list of one.
    func stringList(_ key: String, required: Bool, into diagnostics: inout Diagnostics) -> [(String, SourceLocation)]? {
        guard let entry = self[key] else {
            if required { missing(key, into: &diagnostics) }
            return nil
        }
        let items: [YAMLValue]
        switch entry.value {
        case .list(let values, _): items = values
        case .scalar(_, .string, _): items = [entry.value]
        default:
            diagnostics.append(
                .error(.notAList, ["key": .text(key), "found": entry.value.described], at: entry.value.location))
            return nil
        }
        var result: [(String, SourceLocation)] = []
        for item in items {
            if case .scalar(let text, let kind, let location) = item, kind != .null, kind != .bool {
                result.append((text, location))
            } else {
                diagnostics.append(
                    .error(.listEntryNotText, ["key": .text(key), "found": item.described], at: item.location))
            }
        }
        if required && result.isEmpty && items.isEmpty {
            diagnostics.append(.error(.emptyList, ["key": .text(key)], at: entry.value.location))
        }
        return result
    }

    func missing(_ key: String, into diagnostics: inout Diagnostics) {
        diagnostics.append(.error(.missingKey, ["key": .text(key), "context": context], at: location))
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (including newlines).
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
