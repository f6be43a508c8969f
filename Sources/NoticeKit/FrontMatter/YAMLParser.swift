import CYaml
import Yams

/// Parses YAML into `YAMLValue`s with file locations, turning every problem into a `Diagnostic`.
///
/// Before Yams builds a tree, libyaml's scanner checks the tokens: anchors and aliases are refused
/// (an alias bomb would otherwise grow exponentially when the tree is hashed or walked) and
/// nesting deeper than `maximumDepth` is refused (Yams composes recursively).
enum YAMLParser {
    static let maximumDepth = 32
    static let maximumBytes = 256 * 1024

    /// The document in `yaml`, or nil when it cannot be read (the problem is reported).
    /// - Parameters:
    ///   - firstLine: the file line on which `yaml` starts, so locations count from the top of the file.
    static func parse(_ yaml: String, path: String, firstLine: Int = 1, into diagnostics: inout Diagnostics)
        -> YAMLDocument?
    {
        let location = YAMLLocator(path: path, shift: firstLine - 1)
        if yaml.utf8.count > maximumBytes {
            diagnostics.error(.yamlTooLarge, ["kilobytes": .number(maximumBytes / 1024)], at: location(nil))
            return nil
        }
        if TokenGuard.isNeeded(for: yaml), let problem = TokenGuard.check(yaml) {
            diagnostics.append(
                Diagnostic(.error, at: location(line: problem.line, column: problem.column), problem.message))
            return nil
        }
        do {
            // The basic resolver skips Yams' regular expressions; `PlainScalar` classifies instead.
            guard let node = try Yams.compose(yaml: yaml, .basic, .default, .utf8) else { return .empty }
            return .value(convert(node, location))
        } catch let error as YamlError {
            diagnostics.append(diagnostic(for: error, yaml: yaml, location))
        } catch {
            diagnostics.error(.yamlUnreadable, ["detail": .text("\(error)")], at: location(nil))
        }
        return nil
    }

    /// The document of a whole file (`site.yml`, the catalog, a strings file), or nil when it
    /// is not valid text or not valid YAML.
    static func parse(_ file: SourceFile, into diagnostics: inout Diagnostics) -> YAMLDocument? {
        guard let text = file.decodedText(into: &diagnostics) else { return nil }
        return parse(text, path: file.path, into: &diagnostics)
    }

    private static func convert(_ node: Node, _ location: YAMLLocator) -> YAMLValue {
        switch node {
        case .scalar(let scalar):
            let kind: YAMLValue.ScalarKind =
                scalar.style == .plain || scalar.style == .any
                ? PlainScalar.kind(of: scalar.string) : .string
            // YAML escapes (\x01) can produce control characters a file never held.
            return .scalar(ControlCharacters.removing(from: scalar.string), kind, location(scalar.mark))
        case .sequence(let sequence):
            return .list(sequence.map { convert($0, location) }, location(sequence.mark))
        case .mapping(let mapping):
            let entries = mapping.map { key, value in
                YAMLEntry(
                    key: ControlCharacters.removing(from: key.string ?? "\(key)"), keyLocation: location(key.mark),
                    value: convert(value, location))
            }
            return .map(entries, location(mapping.mark))
        case .alias(let alias):
            // Unreachable: the token guard refuses aliases before composing.
            return .scalar("", .null, location(alias.mark))
        }
    }

    private static func diagnostic(for error: YamlError, yaml: String, _ location: YAMLLocator) -> Diagnostic {
        if let tab = TabIndentation.first(in: yaml, upToLine: errorLine(of: error)) {
            return .error(.tabIndentation, at: location(line: tab.line, column: tab.column))
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let contextPart =
                context.map {
                    MessageArgument(.yamlContext, ["context": .text($0.text), "line": .number(location.line($0.mark))])
                } ?? .empty
            return .error(
                .yamlSyntax, ["detail": .text(problem), "context": contextPart, "hint": hint(for: problem)],
                at: location(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let lines = linesDefining(key: key, in: yaml)
            let at = lines.count > 1 ? location(line: lines[1], column: 1) : location(context.mark)
            let listed = MessageArgument.messages(
                lines.enumerated().map { index, line in
                    Message(index == 0 ? .onLine : .andLine, ["line": .number(location.line(line))])
                })
            return .error(.duplicateKey, ["key": .text(key), "lines": listed], at: at)
        case .reader(let problem, let offset, _, _):
            return .error(
                .yamlUnreadable, ["detail": .text(problem + (offset.map { " at byte \($0)" } ?? ""))], at: location(nil)
            )
        default:
            return .error(.yamlUnreadable, ["detail": .text("\(error)")], at: location(nil))
        }
    }

    private static func hint(for problem: String) -> MessageArgument {
        if problem.contains("mapping values are not allowed") { return MessageArgument(.yamlHintColon) }
        if problem.contains("found character that cannot start any token") { return MessageArgument(.yamlHintQuote) }
        return .empty
    }

    /// The line (within the YAML block) libyaml stopped at; nil when it gives none.
    private static func errorLine(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    /// Lines (1-based, within `yaml`) where `key:` starts a line at any indentation.
    private static func linesDefining(key: String, in yaml: String) -> [Int] {
        var result: [Int] = []
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "-" }
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where trimmed.hasPrefix(candidate) {
                let rest = trimmed.dropFirst(candidate.count).drop { $0 == " " }
                if rest.hasPrefix(":") { result.append(index + 1) }
            }
        }
        return result
    }
}

/// Turns positions inside the YAML block into file locations.
private struct YAMLLocator {
    let path: String
    let shift: Int

    /// Where libyaml's mark is; without one, the start of the YAML text.
    func callAsFunction(_ mark: Mark?) -> SourceLocation {
        callAsFunction(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func callAsFunction(line: Int, column: Int) -> SourceLocation {
        SourceLocation(path: path, line: self.line(line), column: column)
    }

    /// The file line of a line of the YAML text.
    func line(_ line: Int) -> Int { line + shift }

    func line(_ mark: Mark?) -> Int { line(mark?.line ?? 1) }
}

/// libyaml's scanner, used only to look at tokens before composing.
private enum TokenGuard {
    struct Problem {
        var message: Message
        var line: Int
        var column: Int
    }

    /// Whether `yaml` could hold an anchor, an alias or more than `maximumDepth` levels: false
    /// skips a second scan of a typical front matter (a few percent of a build). Sound because
    /// anchors and aliases need `&` or `*`, and every collection needs a character of its own that
    /// introduces it: `-` before a blank or a line end for a block sequence, `:` or `?` for a mapping,
    /// `[` and `{` for flow collections. Fewer such characters than `maximumDepth` means fewer
    /// collections, so no deeper nesting (quoted text that holds them only makes the count larger).
    static func isNeeded(for yaml: String) -> Bool {
        var indicators = 0
        var previousWasDash = false
        for byte in yaml.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "*"):
                return true
            case UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "{"):
                indicators += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x80...:
                // After a dash: a blank, or a byte of a Unicode line break (NEL, LS, PS).
                if previousWasDash { indicators += 1 }
            default:
                break
            }
            previousWasDash = byte == UInt8(ascii: "-")
        }
        if previousWasDash { indicators += 1 }
        return indicators >= YAMLParser.maximumDepth
    }

    static func check(_ yaml: String) -> Problem? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(yaml.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Problem? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            while true {
                var token = yaml_token_t()
                guard yaml_parser_scan(&parser, &token) == 1 else { return nil }  // Yams reports syntax errors
                defer { yaml_token_delete(&token) }
                let mark = token.start_mark
                let line = Int(mark.line) + 1
                let column = Int(mark.column) + 1
                switch token.type {
                case YAML_STREAM_END_TOKEN:
                    return nil
                case YAML_ANCHOR_TOKEN, YAML_ALIAS_TOKEN:
                    return Problem(
                        message: Message(.yamlAlias),
                        line: line, column: column)
                case YAML_BLOCK_SEQUENCE_START_TOKEN, YAML_BLOCK_MAPPING_START_TOKEN,
                    YAML_FLOW_SEQUENCE_START_TOKEN, YAML_FLOW_MAPPING_START_TOKEN:
                    depth += 1
                    if depth > YAMLParser.maximumDepth {
                        return Problem(
                            message: Message(.yamlTooDeep, ["depth": .number(YAMLParser.maximumDepth)]), line: line,
                            column: column)
                    }
                case YAML_BLOCK_END_TOKEN, YAML_FLOW_SEQUENCE_END_TOKEN, YAML_FLOW_MAPPING_END_TOKEN:
                    depth -= 1
                default:
                    break
                }
            }
        }
    }
}

/// What a plain (unquoted) scalar resolves to under YAML 1.1, as Yams' default resolver would
/// read it, without regular expressions: `123` is a number, `NO` a boolean, `~` null.
enum PlainScalar {
    static func kind(of text: String) -> YAMLValue.ScalarKind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
            "FALSE",
            "on", "On", "ON", "off", "Off", "OFF":
            return .bool
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return .float
        default: break
        }
        var bytes = Array(text.utf8)[...]
        guard let first = bytes.first else { return .string }
        let digit = { (byte: UInt8) in byte >= 48 && byte <= 57 }
        if bytes.count >= 8, bytes.prefix(4).allSatisfy(digit), bytes[bytes.startIndex + 4] == UInt8(ascii: "-") {
            return .timestamp
        }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty else { return .string }
        if bytes.starts(with: Array("0x".utf8)) {
            let rest = bytes.dropFirst(2)
            return !rest.isEmpty
                && rest.allSatisfy({ digit($0) || (97...102).contains($0) || (65...70).contains($0) || $0 == 95 })
                ? .int : .string
        }
        if bytes.allSatisfy({ digit($0) || $0 == 95 }) { return digit(bytes.first!) ? .int : .string }
        // Floats: digits with one dot and an optional exponent.
        var sawDot = false
        var sawDigit = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if digit(byte) || byte == 95 {
                sawDigit = sawDigit || digit(byte)
            } else if byte == UInt8(ascii: ".") && !sawDot {
                sawDot = true
            } else if (byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")) && sawDigit && sawDot {
                let exponent = bytes[(index + 1)...]
                let signless =
                    exponent.first == UInt8(ascii: "+") || exponent.first == UInt8(ascii: "-")
                    ? exponent.dropFirst() : exponent
                return !signless.isEmpty && signless.allSatisfy(digit) ? .float : .string
            } else {
                return .string
            }
            index += 1
        }
        return sawDot && sawDigit ? .float : .string
    }
}

/// Tabs used to indent YAML: libyaml's own message ("found character that cannot start any
/// token") does not say what is wrong, so a failed parse looks for one first.
enum TabIndentation {
    /// The first tab in a line's leading white space, up to `lastLine` (1-based; nil: every line).
    static func first(in yaml: String, upToLine lastLine: Int?) -> (line: Int, column: Int)? {
        var line = 1
        for text in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if let lastLine, line > lastLine { return nil }
            var column = 1
            for character in text {
                if character == "\t" { return (line, column) }
                if character != " " { break }
                column += 1
            }
            line += 1
        }
        return nil
    }
}
