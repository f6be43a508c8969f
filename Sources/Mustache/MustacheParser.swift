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
        var position = 0
        var textStart = 0
        while let tagStart = find(openDelimiter, from: position) {
            let tag: Tag
            switch scanTag(at: tagStart) {
            case .unclosed:
                return  // the rest of the template is no use; the errors say why
            case .skip(let next):
                position = next
                continue
            case .tag(let found):
                tag = found
            }
            let line = standaloneLine(of: tag, textStart: textStart)
            let textEnd = line?.start ?? tag.start
            if textEnd > textStart { ops.append(TemplateOp(kind: .text, a: textStart, b: textEnd)) }
            position = line?.end ?? tag.end
            textStart = position
            append(tag, lineStart: line?.start)
        }
        finish(textStart: textStart)
    }

    // MARK: Tags

    /// A tag found in the source, as byte offsets: its opening delimiter, its content (sigil and
    /// closing `=` left out, not yet trimmed) and the end of its closing delimiter.
    private struct Tag {
        var kind: TagKind
        var start: Int
        var contentStart: Int
        var contentEnd: Int
        var end: Int
    }

    private enum TagScan {
        case tag(Tag)
        /// A bad tag, reported; parsing goes on at the offset.
        case skip(to: Int)
        /// No closing delimiter anywhere after the tag, reported; parsing stops.
        case unclosed
    }

    /// Reads the tag whose opening delimiter is at `tagStart`.
    private mutating func scanTag(at tagStart: Int) -> TagScan {
        let afterOpen = tagStart + openDelimiter.count
        let sigil: UInt8 = afterOpen < source.count ? source[afterOpen] : 0
        let kind = Self.tagKind(sigil: sigil)
        let contentStart = kind == .escaped ? afterOpen : afterOpen + 1
        let closer = sigil == UInt8(ascii: "{") ? [UInt8(ascii: "}")] + closeDelimiter : closeDelimiter
        let contentEnd: Int
        let tagEnd: Int
        if kind == .delimiters {
            guard let close = find(closeDelimiter, from: contentStart) else {
                error(
                    at: tagStart, "unclosed tag: '\(text(openDelimiter))' without a matching '\(text(closeDelimiter))'")
                return .unclosed
            }
            tagEnd = close + closeDelimiter.count
            guard close > contentStart, source[close - 1] == UInt8(ascii: "=") else {
                error(
                    at: tagStart,
                    "bad set-delimiter tag: write it as \(text(openDelimiter))=OPEN CLOSE=\(text(closeDelimiter)), e.g. {{=<% %>=}}"
                )
                return .skip(to: tagEnd)
            }
            contentEnd = close - 1
        } else {
            guard let close = find(closer, from: contentStart) else {
                error(
                    at: tagStart,
                    "unclosed tag: '\(text(openDelimiter))\(closer.count > closeDelimiter.count ? "{" : "")' without a matching '\(text(closer))'"
                )
                return .unclosed
            }
            contentEnd = close
            tagEnd = close + closer.count
        }

        // A tag running into the next tag or over a line break was never closed: report it and
        // go on from the next tag, so one missing `}}` does not hide everything after it.
        if kind != .comment, kind != .delimiters,
            find(openDelimiter, from: afterOpen, to: contentEnd) != nil
                || source[contentStart..<contentEnd].contains(Self.newline)
        {
            error(
                at: tagStart, "unclosed tag: '\(text(openDelimiter))' without a matching '\(text(closer))' on its line")
            return .skip(to: afterOpen)
        }
        return .tag(Tag(kind: kind, start: tagStart, contentStart: contentStart, contentEnd: contentEnd, end: tagEnd))
    }

    private static func tagKind(sigil: UInt8) -> TagKind {
        switch sigil {
        case UInt8(ascii: "{"), UInt8(ascii: "&"): .raw
        case UInt8(ascii: "#"): .section
        case UInt8(ascii: "^"): .inverted
        case UInt8(ascii: "/"): .close
        case UInt8(ascii: "!"): .comment
        case UInt8(ascii: ">"): .partial
        case UInt8(ascii: "="): .delimiters
        case UInt8(ascii: "<"), UInt8(ascii: "$"): .unsupported
        default: .escaped
        }
    }

    /// The line a standalone tag takes away, line break included: a tag other than a variable
    /// with only spaces and tabs around it on its line. Nil if the tag is not standalone.
    private func standaloneLine(of tag: Tag, textStart: Int) -> (start: Int, end: Int)? {
        switch tag.kind {
        case .section, .inverted, .close, .comment, .partial, .delimiters: break
        case .escaped, .raw, .unsupported: return nil
        }
        var before = tag.start
        while before > textStart, Self.isInlineSpace(source[before - 1]) { before -= 1 }
        guard before == 0 || source[before - 1] == Self.newline else { return nil }
        let count = source.count
        var after = tag.end
        while after < count, Self.isInlineSpace(source[after]) { after += 1 }
        if after == count { return (before, count) }
        if source[after] == Self.newline { return (before, after + 1) }
        if source[after] == Self.carriageReturn, after + 1 < count, source[after + 1] == Self.newline {
            return (before, after + 2)
        }
        return nil
    }

    /// Turns a tag into ops (or into a change of delimiters); `lineStart` is where a standalone
    /// tag's line starts (a standalone partial indents the partial's lines by what is before it).
    private mutating func append(_ tag: Tag, lineStart: Int?) {
        let content = trimmed(tag.contentStart, tag.contentEnd)
        switch tag.kind {
        case .escaped, .raw:
            guard let name = validName(content, tagStart: tag.start) else { return }
            let range = keyRange(for: name)
            ops.append(TemplateOp(kind: tag.kind == .raw ? .raw : .escaped, a: range.start, b: range.count))
        case .section, .inverted:
            guard let name = validName(content, tagStart: tag.start) else { return }
            let range = keyRange(for: name)
            openSections.append((name, ops.count, tag.start))
            ops.append(
                TemplateOp(kind: tag.kind == .section ? .section : .inverted, a: range.start, b: range.count, c: -1))
        case .close:
            guard let name = validName(content, tagStart: tag.start, recordAsReference: false) else { return }
            close(name, at: tag.start)
        case .comment:
            break
        case .partial:
            guard let name = validPartialName(content, tagStart: tag.start) else { return }
            if openSections.isEmpty { unconditionalPartials.append(partialNames.count) }
            ops.append(
                TemplateOp(
                    kind: lineStart == nil ? .partial : .standalonePartial, a: -1,
                    b: lineStart ?? tag.start, c: tag.start, d: partialNames.count))
            partialNames.append(name)
            partialOffsets.append(tag.start)
        case .delimiters:
            setDelimiters(content, tagStart: tag.start)
        case .unsupported:
            error(
                at: tag.start,
                "template inheritance ('\(text(openDelimiter))<parent}}', '\(text(openDelimiter))$block}}') is not supported"
            )
        }
    }

    /// The text after the last tag, and an error for every section still open.
    private mutating func finish(textStart: Int) {
        if textStart < source.count { ops.append(TemplateOp(kind: .text, a: textStart, b: source.count)) }
        for open in openSections.reversed() {
            let line = location(of: open.offset).line
            error(
                at: open.offset,
                "unclosed section '\(open.name)' opened at line \(line): close it with \(text(openDelimiter))/\(open.name)\(text(closeDelimiter))"
            )
            ops[open.op].c = ops.count
        }
        openSections.removeAll()
    }

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
                error(
                    at: inner.offset,
                    "unclosed section '\(inner.name)' opened at line \(line): close it before \(text(openDelimiter))/\(name)\(text(closeDelimiter))"
                )
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
                if !current.isEmpty {
                    parts.append(current)
                    current = []
                }
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { parts.append(current) }
        guard parts.count == 2, !parts[0].contains(UInt8(ascii: "=")), !parts[1].contains(UInt8(ascii: "=")) else {
            error(
                at: tagStart,
                "bad set-delimiter tag: give two delimiters without '=' separated by a space, e.g. {{=<% %>=}}")
            return
        }
        openDelimiter = parts[0]
        closeDelimiter = parts[1]
    }

    /// A variable or section name: `.` or dot-separated non-empty parts without whitespace.
    private mutating func validName(_ content: ArraySlice<UInt8>, tagStart: Int, recordAsReference: Bool = true)
        -> String?
    {
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
            error(
                at: tagStart, "bad tag name '\(name)': write '.' for the current item or dot-separated keys like 'a.b'")
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
        var start = start
        var end = end
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
