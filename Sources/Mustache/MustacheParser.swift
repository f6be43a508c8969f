/// One problem in one template: where (1-based line and column, columns in characters) and what.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The template's name as given to `TemplateLibrary` (`partials/notice-list`).
    public var template: String
    public var line: Int
    public var column: Int
    public var message: String

    /// For a partial that does not exist: its name, and every template name in `knownTemplates`,
    /// so the caller can suggest the one meant.
    public var missingPartial: String? = nil
    public var knownTemplates: [String] = []

    public var description: String { "\(template):\(line):\(column): \(message)" }
}

/// Every problem found while loading a set of templates, in template order, then line, then column.
public struct TemplateErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [TemplateError]

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// One instruction of a compiled template: plain data, so rendering walks a flat array.
struct TemplateOp: Sendable {
    enum Kind: UInt8, Sendable {
        /// `a..<b` of the template's UTF-8 source.
        case text
        /// `{{name}}`: key range `a..<a+b` of `keys` (`b == 0` is `{{.}}`).
        case escaped
        /// `{{{name}}}` / `{{& name}}`: as `escaped`.
        case raw
        /// `{{#name}}`: key range as `escaped`; the body is ops `i+1..<c`.
        case section
        /// `{{^name}}`: as `section`.
        case inverted
        /// `{{>name}}` inside a line: `a` = library index of the partial (-1 until resolved),
        /// `d` = index into `partialNames`.
        case partial
        /// `{{>name}}` alone on its line: as `partial`, and source `b..<c` is the line's indentation.
        case standalonePartial
    }

    var kind: Kind
    var a: Int
    var b: Int
    var c: Int = 0
    var d: Int = 0
}

/// A template parsed once into a flat op array; rendered by `TemplateLibrary`, which also
/// resolves its partials.
struct CompiledTemplate: Sendable {
    let name: String
    /// The template's UTF-8 text: text ops and indentations are ranges of it.
    let source: [UInt8]
    var ops: [TemplateOp]
    /// The name parts of every variable and section, each name a contiguous range.
    let keys: [TemplateKey]
    /// The partials it names, in op order (`op.d`), and where each tag starts (byte offset).
    let partialNames: [String]
    let partialOffsets: [Int]
    /// Indexes into `partialNames` of partial tags outside every section: they always render.
    let unconditionalPartials: [Int]
    /// Every variable and section name, dotted as written, in order of first use; no `.`.
    let referencedNames: [String]

    /// Parses `text`; all problems at once (parsing stops at an unclosed tag).
    init(name: String, text: String) throws(TemplateErrors) {
        var parser = MustacheParser(name: name, source: Array(text.utf8))
        parser.parse()
        if !parser.errors.isEmpty { throw TemplateErrors(errors: parser.errors) }
        self.name = name
        source = parser.source
        ops = parser.ops
        keys = parser.keys
        partialNames = parser.partialNames
        partialOffsets = parser.partialOffsets
        unconditionalPartials = parser.unconditionalPartials
        referencedNames = parser.referencedNames
    }

    /// 1-based line and column (in characters) of a byte offset of the source.
    func location(of offset: Int) -> (line: Int, column: Int) {
        MustacheParser.location(of: offset, in: source)
    }
}

/// Tokenizer and parser in one pass over the UTF-8 bytes. Follows the Mustache spec (v1.x:
/// interpolation, sections, inverted sections, comments, partials, set delimiters, standalone
/// lines); lambdas, inheritance and dynamic names are not supported.
struct MustacheParser {
    let name: String
    let source: [UInt8]
    var ops: [TemplateOp] = []
    var keys: [TemplateKey] = []
    var partialNames: [String] = []
    var partialOffsets: [Int] = []
    var unconditionalPartials: [Int] = []
    var referencedNames: [String] = []
    var errors: [TemplateError] = []

    private var keyRanges: [String: (start: Int, count: Int)] = [:]
    private var referencedSet: Set<String> = []
    private var openSections: [(name: String, op: Int, offset: Int)] = []
    private var openDelimiter: [UInt8] = Array("{{".utf8)
    private var closeDelimiter: [UInt8] = Array("}}".utf8)

    init(name: String, source: [UInt8]) {
        self.name = name
        self.source = source
    }

    private enum TagKind {
        case escaped, raw, section, inverted, close, comment, partial, delimiters, unsupported
    }

    private static let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

    @inline(__always)
    private static func isInlineSpace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == newline || byte == carriageReturn || byte == 0x0C || byte == 0x0B
    }

    mutating func parse() {
        let count = source.count
        var position = 0
        var textStart = 0
        var aborted = false

        while let tagStart = find(openDelimiter, from: position) {
            let afterOpen = tagStart + openDelimiter.count
            let sigil: UInt8 = afterOpen < count ? source[afterOpen] : 0
            var kind: TagKind
            var contentStart = afterOpen + 1
            var closer = closeDelimiter
            switch sigil {
            case UInt8(ascii: "{"): kind = .raw; closer = [UInt8(ascii: "}")] + closeDelimiter
            case UInt8(ascii: "&"): kind = .raw
            case UInt8(ascii: "#"): kind = .section
            case UInt8(ascii: "^"): kind = .inverted
            case UInt8(ascii: "/"): kind = .close
            case UInt8(ascii: "!"): kind = .comment
            case UInt8(ascii: ">"): kind = .partial
            case UInt8(ascii: "="): kind = .delimiters
            case UInt8(ascii: "<"), UInt8(ascii: "$"): kind = .unsupported
            default: kind = .escaped; contentStart = afterOpen
            }

            // Where the tag's content ends and the tag itself ends.
            var contentEnd: Int
            var tagEnd: Int
            if kind == .delimiters {
                guard let close = find(closeDelimiter, from: contentStart) else {
                    error(at: tagStart, "unclosed tag: '\(text(openDelimiter))' without a matching '\(text(closeDelimiter))'")
                    aborted = true
                    break
                }
                tagEnd = close + closeDelimiter.count
                guard close > contentStart, source[close - 1] == UInt8(ascii: "=") else {
                    error(at: tagStart, "bad set-delimiter tag: write it as \(text(openDelimiter))=OPEN CLOSE=\(text(closeDelimiter)), e.g. {{=<% %>=}}")
                    position = tagEnd
                    continue
                }
                contentEnd = close - 1
            } else {
                guard let close = find(closer, from: contentStart) else {
                    error(at: tagStart, "unclosed tag: '\(text(openDelimiter))\(kind == .raw && closer.count > closeDelimiter.count ? "{" : "")' without a matching '\(text(closer))'")
                    aborted = true
                    break
                }
                contentEnd = close
                tagEnd = close + closer.count
            }

            // A tag running into the next tag or over a line break was never closed: report it and
            // go on from the next tag, so one missing `}}` does not hide everything after it.
            if kind != .comment, kind != .delimiters,
               find(openDelimiter, from: afterOpen, to: contentEnd) != nil
                || source[contentStart..<contentEnd].contains(Self.newline) {
                error(at: tagStart, "unclosed tag: '\(text(openDelimiter))' without a matching '\(text(closer))' on its line")
                position = afterOpen
                continue
            }

            // Standalone: only spaces and tabs around the tag on its line(s). The line goes entirely,
            // including its line break.
            var standalone = false
            var lineStart = tagStart
            var lineEnd = tagEnd
            switch kind {
            case .section, .inverted, .close, .comment, .partial, .delimiters:
                var before = tagStart
                while before > textStart, Self.isInlineSpace(source[before - 1]) { before -= 1 }
                let leftClear = before == 0 || source[before - 1] == Self.newline
                if leftClear {
                    var after = tagEnd
                    while after < count, Self.isInlineSpace(source[after]) { after += 1 }
                    if after == count {
                        standalone = true; lineEnd = count
                    } else if source[after] == Self.newline {
                        standalone = true; lineEnd = after + 1
                    } else if source[after] == Self.carriageReturn, after + 1 < count, source[after + 1] == Self.newline {
                        standalone = true; lineEnd = after + 2
                    }
                    if standalone { lineStart = before }
                }
            default:
                break
            }

            let textEnd = standalone ? lineStart : tagStart
            if textEnd > textStart { ops.append(TemplateOp(kind: .text, a: textStart, b: textEnd)) }
            position = standalone ? lineEnd : tagEnd
            textStart = position

            let content = trimmed(contentStart, contentEnd)
            switch kind {
            case .escaped, .raw:
                guard let name = validName(content, tagStart: tagStart) else { continue }
                let range = keyRange(for: name)
                ops.append(TemplateOp(kind: kind == .raw ? .raw : .escaped, a: range.start, b: range.count))
            case .section, .inverted:
                guard let name = validName(content, tagStart: tagStart) else { continue }
                let range = keyRange(for: name)
                openSections.append((name, ops.count, tagStart))
                ops.append(TemplateOp(kind: kind == .section ? .section : .inverted, a: range.start, b: range.count, c: -1))
            case .close:
                guard let name = validName(content, tagStart: tagStart, recordAsReference: false) else { continue }
                close(name, at: tagStart)
            case .comment:
                break
            case .partial:
                guard let name = validPartialName(content, tagStart: tagStart) else { continue }
                if openSections.isEmpty { unconditionalPartials.append(partialNames.count) }
                ops.append(TemplateOp(kind: standalone ? .standalonePartial : .partial, a: -1, b: lineStart, c: tagStart, d: partialNames.count))
                partialNames.append(name)
                partialOffsets.append(tagStart)
            case .delimiters:
                setDelimiters(content, tagStart: tagStart)
            case .unsupported:
                error(at: tagStart, "template inheritance ('\(text(openDelimiter))<parent}}', '\(text(openDelimiter))$block}}') is not supported")
            }
        }

        if aborted { return }
        if textStart < count { ops.append(TemplateOp(kind: .text, a: textStart, b: count)) }
        for open in openSections.reversed() {
            let line = location(of: open.offset).line
            error(at: open.offset, "unclosed section '\(open.name)' opened at line \(line): close it with \(text(openDelimiter))/\(open.name)\(text(closeDelimiter))")
            ops[open.op].c = ops.count
        }
        openSections.removeAll()
    }

    // MARK: Tags

    private mutating func close(_ name: String, at offset: Int) {
        guard let top = openSections.last else {
            error(at: offset, "'\(text(openDelimiter))/\(name)\(text(closeDelimiter))' closes no open section")
            return
        }
        if top.name == name {
            openSections.removeLast()
            ops[top.op].c = ops.count
            return
        }
        if let match = openSections.lastIndex(where: { $0.name == name }) {
            // Closes an outer section: the ones opened inside it were never closed.
            for inner in openSections[(match + 1)...].reversed() {
                let line = location(of: inner.offset).line
                error(at: inner.offset, "unclosed section '\(inner.name)' opened at line \(line): close it before \(text(openDelimiter))/\(name)\(text(closeDelimiter))")
                ops[inner.op].c = ops.count
            }
            ops[openSections[match].op].c = ops.count
            openSections.removeSubrange(match...)
            return
        }
        // Most likely a typo in the closing name: report it and treat it as closing the innermost.
        let line = location(of: top.offset).line
        error(at: offset, "section '\(top.name)' closed as '\(name)' (opened at line \(line))")
        openSections.removeLast()
        ops[top.op].c = ops.count
    }

    private mutating func setDelimiters(_ content: ArraySlice<UInt8>, tagStart: Int) {
        var parts: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in content {
            if Self.isWhitespace(byte) {
                if !current.isEmpty { parts.append(current); current = [] }
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { parts.append(current) }
        guard parts.count == 2, !parts[0].contains(UInt8(ascii: "=")), !parts[1].contains(UInt8(ascii: "=")) else {
            error(at: tagStart, "bad set-delimiter tag: give two delimiters without '=' separated by a space, e.g. {{=<% %>=}}")
            return
        }
        openDelimiter = parts[0]
        closeDelimiter = parts[1]
    }

    /// A variable or section name: `.` or dot-separated non-empty parts without whitespace.
    private mutating func validName(_ content: ArraySlice<UInt8>, tagStart: Int, recordAsReference: Bool = true) -> String? {
        guard !content.isEmpty else {
            error(at: tagStart, "empty tag: a name is missing")
            return nil
        }
        let name = String(decoding: content, as: UTF8.self)
        if content.contains(where: Self.isWhitespace) {
            error(at: tagStart, "bad tag name '\(name)': names contain no spaces")
            return nil
        }
        if name != ".", name.hasPrefix(".") || name.hasSuffix(".") || name.contains("..") {
            error(at: tagStart, "bad tag name '\(name)': write '.' for the current item or dot-separated keys like 'a.b'")
            return nil
        }
        if recordAsReference, name != ".", referencedSet.insert(name).inserted { referencedNames.append(name) }
        return name
    }

    private mutating func validPartialName(_ content: ArraySlice<UInt8>, tagStart: Int) -> String? {
        let name = String(decoding: content, as: UTF8.self)
        if content.isEmpty {
            error(at: tagStart, "empty partial tag: a partial name is missing")
            return nil
        }
        if content.contains(where: Self.isWhitespace) {
            error(at: tagStart, "bad partial name '\(name)': names contain no spaces")
            return nil
        }
        if content.first == UInt8(ascii: "*") {
            error(at: tagStart, "dynamic partial names ('\(name)') are not supported")
            return nil
        }
        return name
    }

    /// The range of `keys` holding `name`'s parts; `.` is the empty range.
    private mutating func keyRange(for name: String) -> (start: Int, count: Int) {
        if name == "." { return (0, 0) }
        if let range = keyRanges[name] { return range }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let range = (start: keys.count, count: parts.count)
        keys.append(contentsOf: parts.map { TemplateKey(String($0)) })
        keyRanges[name] = range
        return range
    }

    // MARK: Bytes

    private func trimmed(_ start: Int, _ end: Int) -> ArraySlice<UInt8> {
        var start = start, end = end
        while start < end, Self.isWhitespace(source[start]) { start += 1 }
        while end > start, Self.isWhitespace(source[end - 1]) { end -= 1 }
        return source[start..<end]
    }

    /// First occurrence of `needle` at or after `from` that ends by `to`.
    private func find(_ needle: [UInt8], from: Int, to: Int? = nil) -> Int? {
        let limit = (to ?? source.count) - needle.count
        guard let first = needle.first, from <= limit else { return nil }
        return source.withUnsafeBufferPointer { bytes in
            var index = from
            while index <= limit {
                if bytes[index] == first {
                    var matched = 1
                    while matched < needle.count, bytes[index + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return index }
                }
                index += 1
            }
            return nil
        }
    }

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    private mutating func error(at offset: Int, _ message: String) {
        let (line, column) = location(of: offset)
        errors.append(TemplateError(template: name, line: line, column: column, message: message))
    }

    private func location(of offset: Int) -> (line: Int, column: Int) {
        Self.location(of: offset, in: source)
    }

    static func location(of offset: Int, in source: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, source.count) where source[index] == newline {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: source[lineStart..<min(offset, source.count)], as: UTF8.self).count + 1
        return (line, column)
    }
}
