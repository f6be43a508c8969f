import CMarkGFM
import Foundation

/// Markdown to HTML through cmark-gfm with the GitHub extensions and footnotes.
///
/// This is the only file that imports cmark-gfm; C pointers never leave it. cmark-gfm 0.29 keeps
/// global parser state, so `cmark_parser_finish` runs behind one process-wide lock; everything
/// else (feeding, walking, rendering) runs in parallel. What the library allocates for a body
/// comes from the thread's `RenderArena` and is dropped at once when the body is done.
public struct MarkdownRenderer: Sendable {
    /// Emit raw HTML blocks and inline HTML; off by default (they become HTML comments), in which
    /// case dangerous link targets (`javascript:`, `vbscript:`, `file:`, `data:` except images) are removed too.
    public var allowRawHTML: Bool
    /// Anchors the page around the body already uses (the theme's `id="inhalt"`); headings avoid them.
    public var reservedAnchors: Set<String>
    /// Quotation marks and non-breaking spaces of the site's language; nil leaves text as written.
    var typography: Typography?
    /// False for `notices check`: headings, paragraphs and links (everything a diagnostic needs)
    /// without typography and HTML, which only the output needs.
    public var rendersHTML = true
    /// The name of a table's scroll region (`Tabelle 1`), see `TableMarkup`.
    var tableLabel: String

    public init(allowRawHTML: Bool = false, reservedAnchors: Set<String> = [], language: String? = nil) {
        self.allowRawHTML = allowRawHTML
        self.reservedAnchors = reservedAnchors
        typography = language.flatMap(Typography.init(language:))
        tableLabel = TableMarkup.label(language: language)
        Self.registerExtensionsOnce
    }

    /// Largest body (bytes) that gets typographic quotes and spaces.
    static let typographyLimit = 200_000
    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]
    private static let registerExtensionsOnce: Void = cmark_gfm_core_extensions_ensure_registered()
    private static let parserLock = NSLock()
    /// The library's view of `RenderArena`; written once, read by every thread.
    nonisolated(unsafe) private static let arenaMemory: UnsafeMutablePointer<cmark_mem> = {
        let memory = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        memory.initialize(
            to: cmark_mem(calloc: RenderArena.calloc, realloc: RenderArena.realloc, free: RenderArena.free))
        return memory
    }()
    /// Private-use characters that mark heading anchors between parsing and HTML; stripped from input.
    private static let anchorOpen: Character = "\u{E000}", anchorClose: Character = "\u{E001}"

    /// - Parameter rewrite: called for every link and image target; a returned string replaces it
    ///   (internal links to other notices and products become page URLs).
    public func render(
        _ markdown: String, paragraphs wanted: ParagraphText = .all,
        rewrite: ((MarkdownLink) -> String?)? = nil
    ) -> RenderedMarkdown {
        let source = Self.withoutAnchorMarkers(markdown)
        let scan = BracketScan(source)
        if scan.stackWalk > BracketScan.stackWalkLimit { return Self.refusal(scan) }
        let tablesLeftOut =
            scan.pipeSquares > BracketScan.pipeSquareLimit || scan.pipeLines > BracketScan.pipeLineLimit
            || Self.tableRescanBytes(source) > Self.tableRescanLimit

        // Everything the library allocates for this body comes from the thread's arena and goes
        // at once when the body is done (`RenderArena`); the tree is never freed node by node.
        let usesArena = RenderArena.begin()
        defer { if usesArena { RenderArena.end() } }
        let memory: UnsafeMutablePointer<cmark_mem> = usesArena ? Self.arenaMemory : cmark_get_default_mem_allocator()
        guard let parser = makeParser(memory, tables: !tablesLeftOut) else { return .empty }
        defer { if !usesArena { cmark_parser_free(parser) } }
        source.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        let document: OpaquePointer? = Self.parserLock.withLock { cmark_parser_finish(parser) }
        guard let document else { return .empty }
        defer { if !usesArena { cmark_node_free(document) } }

        // Typography is a nicety: bodies beyond any real notice (pathological input) keep their text
        // as written, so its cost stays bounded.
        if rendersHTML, let typography, markdown.utf8.count <= Self.typographyLimit {
            applyTypography(typography, to: document)
        }
        let (headings, paragraphs) = annotate(document, paragraphs: wanted, memory: memory)
        let links = collectLinks(document, rewrite: rewrite)
        guard rendersHTML,
            let rendered = cmark_render_html(document, cmarkOptions, cmark_parser_get_syntax_extensions(parser))
        else {
            return RenderedMarkdown(
                htmlBytes: [], headings: headings, paragraphs: paragraphs, links: links, tablesLeftOut: tablesLeftOut)
        }
        defer { if !usesArena { free(rendered) } }
        let bytes = Self.bytes(of: rendered)
        var html = headings.isEmpty ? Array(bytes) : Self.moveAnchorsIntoTags(bytes)
        if !tablesLeftOut { html = TableMarkup.rewrite(html, label: tableLabel) }
        return RenderedMarkdown(
            htmlBytes: html, headings: headings, paragraphs: paragraphs, links: links, tablesLeftOut: tablesLeftOut)
    }

    /// Without GITHUB_PRE_LANG a fence's language becomes <code class="language-x"> (valid HTML)
    /// rather than <pre lang="x">, which the HTML validator rejects for non-language values.
    /// No VALIDATE_UTF8: a Swift String is valid UTF-8 already, so checking again is work for nothing.
    private var cmarkOptions: Int32 {
        allowRawHTML ? CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE : CMARK_OPT_FOOTNOTES
    }

    /// A parser allocating from `memory`, with the GitHub extensions (tables only when asked).
    private func makeParser(_ memory: UnsafeMutablePointer<cmark_mem>, tables: Bool) -> OpaquePointer? {
        guard let parser = cmark_parser_new_with_mem(cmarkOptions, memory) else { return nil }
        for name in Self.extensionNames where tables || name != "table" {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        return parser
    }

    /// The body with the private-use characters that mark heading anchors replaced, so no input
    /// can forge an anchor.
    private static func withoutAnchorMarkers(_ markdown: String) -> String {
        let mayHoldMarkers =
            markdown.utf8.withContiguousStorageIfAvailable { memchr($0.baseAddress!, 0xEE, $0.count) != nil } ?? true
        guard mayHoldMarkers, markdown.contains(anchorOpen) || markdown.contains(anchorClose) else { return markdown }
        return String(markdown.map { $0 == anchorOpen || $0 == anchorClose ? "\u{FFFD}" : $0 })
    }

    /// What to tell the editor when a body's brackets would keep cmark-gfm busy for minutes.
    private static func refusal(_ scan: BracketScan) -> RenderedMarkdown {
        var refused = RenderedMarkdown.empty
        refused.refusal =
            "a paragraph of this body holds \(scan.worstOpeners) image openers '![' and emphasis marks ('*', '_', '~') "
            + "and \(scan.worstClosers) ']': cmark-gfm would need minutes to parse it (the limit is \(BracketScan.stackWalkLimit) "
            + "of them multiplied, per paragraph); put blank lines between paragraphs, or close each image as ![text](file)"
        return refused
    }

    /// Past this many estimated bytes (`tableRescanBytes`), a body renders without tables: a
    /// fraction of a second of cmark-gfm's time, and a thousand times what a real notice with
    /// tables costs.
    static let tableRescanLimit = 4_000_000

    /// cmark-gfm 0.29.0.gfm.6's table extension splits the whole paragraph above into cells for
    /// every line that could be a table's delimiter row (`|-|`), and a line that turns out not to
    /// be one stays in the paragraph, so the time grows with the square of such lines (later
    /// versions mark the paragraph as visited; the figures: docs/reliability.md, section 6).
    /// The estimate: for each line made only of `|`, `:`, `-` and blanks, with a `-`, the bytes
    /// since the last blank line. Lines are skipped with `memchr`; only their first bytes are
    /// looked at unless they could be such a row.
    static func tableRescanBytes(_ markdown: String) -> Int {
        var markdown = markdown  // `withUTF8` makes it contiguous if it is not (no copy for a native string)
        return markdown.withUTF8 { bytes -> Int in
            guard let base = bytes.baseAddress else { return 0 }
            var cost = 0
            var runStart = 0
            var lineStart = 0
            let count = bytes.count
            while lineStart < count {
                let lineEnd =
                    memchr(base + lineStart, 0x0A, count - lineStart)
                    .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? count
                var index = lineStart
                var sawDash = false
                var sawOther = false
                var sawAny = false
                while index < lineEnd {
                    switch base[index] {
                    case 0x20, 0x09, 0x0D: break
                    case UInt8(ascii: "-"):
                        sawDash = true
                        sawAny = true
                    case UInt8(ascii: "|"), UInt8(ascii: ":"): sawAny = true
                    default: sawOther = true
                    }
                    if sawOther { break }
                    index += 1
                }
                if !sawAny && !sawOther {
                    runStart = lineEnd + 1  // a blank line ends the paragraph
                } else if sawDash && !sawOther {
                    cost += lineStart - runStart
                }
                lineStart = lineEnd + 1
            }
            return cost
        }
    }

    /// Every link and image in document order, rewritten where `rewrite` says so.
    private func collectLinks(_ document: OpaquePointer, rewrite: ((MarkdownLink) -> String?)?) -> [MarkdownLink] {
        var links: [MarkdownLink] = []
        forEachNode(in: document) { node, type in
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node) else {
                return
            }
            let link = MarkdownLink(
                url: String(cString: url), line: Int(cmark_node_get_start_line(node)),
                column: Int(cmark_node_get_start_column(node)), isImage: type == CMARK_NODE_IMAGE)
            links.append(link)
            if let replacement = rewrite?(link) { cmark_node_set_url(node, replacement) }
        }
        return links
    }

    /// Rewrites text nodes (not code, not raw HTML) with the language's typography.
    private func applyTypography(_ typography: Typography, to document: OpaquePointer) {
        var context = Typography.Context.opening
        forEachNode(in: document) { node, type in
            if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM {
                context = .opening
            } else if type == CMARK_NODE_TEXT, let literal = cmark_node_get_literal(node) {
                let text = Self.bytes(of: literal)
                let next = Typography.context(after: text, default: context)
                if var styled = typography.apply(text, after: context) {
                    styled.append(0)
                    styled.withUnsafeBufferPointer { buffer in
                        buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                            _ = cmark_node_set_literal(node, $0)
                        }
                    }
                }
                context = next
            } else if type == CMARK_NODE_CODE || type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                context = type == CMARK_NODE_CODE ? .closing : .opening
            }
        }
    }

    /// Calls `body` for every node below and including `root`, in document order (iteratively).
    private func forEachNode(in root: OpaquePointer, _ body: (OpaquePointer, cmark_node_type) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            body(node, cmark_node_get_type(node))
        }
    }

    /// Collects headings and top-level paragraph text. Each heading gets a text node holding its
    /// anchor between marker characters as its first child; `moveAnchorsIntoTags` turns that into
    /// an `id` attribute after rendering. Iterative: no recursion that input nesting could drive.
    private func annotate(
        _ document: OpaquePointer, paragraphs wanted: ParagraphText,
        memory: UnsafeMutablePointer<cmark_mem>
    ) -> ([Heading], [String]) {
        var headings: [Heading] = []
        var paragraphs: [String] = []
        var usedIDs = reservedAnchors
        var nextSuffix: [String: Int] = [:]  // per base: where to continue numbering (keeps repeats linear)
        var headingNodes: [(OpaquePointer, Int, String)] = []
        // Whether more paragraph text is wanted, kept as a flag: asking the paragraphs collected so
        // far for every new one made 100,000 short paragraphs quadratic.
        var wantsMore: Bool
        switch wanted {
        case .all, .untilOneHas: wantsMore = true
        case .none: wantsMore = false
        }
        var child = cmark_node_first_child(document)
        while let node = child {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HEADING {
                headingNodes.append((node, Int(cmark_node_get_heading_level(node)), plainText(of: node)))
            } else if type == CMARK_NODE_PARAGRAPH, wantsMore {
                let text = plainText(of: node)
                if case .untilOneHas(let characters) = wanted {
                    // The first paragraph (the summary when none is long enough) and the first long one.
                    let isLong = text.hasAtLeast(characters)
                    if !text.isEmpty && (paragraphs.isEmpty || isLong) { paragraphs.append(text) }
                    if isLong { wantsMore = false }
                } else if !text.isEmpty {
                    paragraphs.append(text)
                }
            }
            child = cmark_node_next(node)
        }
        for (node, level, text) in headingNodes {
            var base = Slug.make(text, maximumLength: 60).nonEmpty ?? "abschnitt"
            // cmark-gfm names footnotes `fn-LABEL` and their references `fnref-LABEL`, whatever the
            // label: a heading "fn 1" beside a footnote [^1] gave two `id="fn-1"`.
            if base.hasPrefix("fn-") || base.hasPrefix("fnref-") { base = "abschnitt-" + base }
            var id = base
            var counter = nextSuffix[base] ?? 2
            while usedIDs.contains(id) {
                id = "\(base)-\(counter)"
                counter += 1
            }
            nextSuffix[base] = counter
            usedIDs.insert(id)
            headings.append(Heading(level: level, text: text, id: id))
            guard let marker = cmark_node_new_with_mem(CMARK_NODE_TEXT, memory) else { continue }
            cmark_node_set_literal(marker, "\(Self.anchorOpen)\(id)\(Self.anchorClose)")
            if cmark_node_prepend_child(node, marker) == 0 { cmark_node_free(marker) }
        }
        return (headings, paragraphs)
    }

    /// Text content of a node: text and code literals, breaks as spaces, inline HTML left out.
    private func plainText(of root: OpaquePointer) -> String {
        var out: [UInt8] = []
        forEachNode(in: root) { node, type in
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                if let literal = cmark_node_get_literal(node) { out.append(contentsOf: Self.bytes(of: literal)) }
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                out.append(UInt8(ascii: " "))
            }
        }
        return String(decoding: out, as: UTF8.self).trimmingWhitespace
    }

    /// The UTF-8 bytes of a C string that cmark-gfm owns (valid while the node or buffer lives).
    private static func bytes(of text: UnsafePointer<CChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
    }

    /// `<h2>\u{E000}ursache\u{E001}Ursache</h2>` -> `<h2 id="ursache">Ursache</h2>`, on UTF-8 bytes.
    private static func moveAnchorsIntoTags(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Runs between markers are copied whole; memchr finds the next 0xEE lead byte.
        guard let base = input.baseAddress else { return [] }
        var out = [UInt8]()
        out.reserveCapacity(input.count + 64)
        var index = 0
        while index < input.count {
            guard let found = memchr(base + index, 0xEE, input.count - index) else {
                out.append(contentsOf: UnsafeBufferPointer(start: base + index, count: input.count - index))
                break
            }
            let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            out.append(contentsOf: UnsafeBufferPointer(start: base + index, count: at - index))
            index = at
            let isOpen = at + 2 < input.count && input[at + 1] == 0x80 && input[at + 2] == 0x80
            if isOpen, out.last == UInt8(ascii: ">") {
                var end = at + 3
                while end + 2 < input.count, !(input[end] == 0xEE && input[end + 1] == 0x80 && input[end + 2] == 0x81) {
                    end += 1
                }
                if end + 2 < input.count {
                    out.removeLast()
                    out.append(contentsOf: Array(" id=\"".utf8))
                    out.append(contentsOf: UnsafeBufferPointer(start: base + at + 3, count: end - at - 3))
                    out.append(contentsOf: Array("\">".utf8))
                    index = end + 3
                    continue
                }
            }
            out.append(input[at])
            index = at + 1
        }
        return out
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

extension MarkdownRenderer {
    /// The version of the cmark-gfm library in use at run time, e.g. `0.29.0.gfm.6`.
    public static var cmarkVersion: String { String(cString: cmark_version_string()) }
}
