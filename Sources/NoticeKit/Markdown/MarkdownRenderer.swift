import CMarkGFM
import Foundation

/// A heading of a rendered body, for the table of contents and deep links.
public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    /// The anchor (`ursache`), unique within the body.
    public var id: String
}

/// A Markdown body turned into HTML plus what the rest of the pipeline needs to know about it.
public struct RenderedMarkdown: Sendable, Hashable {
    public var html: String
    public var headings: [Heading]
    /// Plain text of the paragraphs, in order (for summaries and the search index).
    public var paragraphs: [String]
}

/// Markdown to HTML through cmark-gfm with the GitHub extensions and footnotes.
///
/// This is the only file that imports cmark-gfm; C pointers never leave it. cmark-gfm 0.29 keeps
/// global parser state, so `cmark_parser_finish` runs behind one process-wide lock; everything
/// else (feeding, walking, rendering) runs in parallel.
public struct MarkdownRenderer: Sendable {
    /// Emit raw HTML blocks and inline HTML; off by default (they become HTML comments), in which
    /// case dangerous link targets (`javascript:`, `vbscript:`, `file:`, `data:` except images) are removed too.
    public var allowRawHTML: Bool

    public init(allowRawHTML: Bool = false) {
        self.allowRawHTML = allowRawHTML
        Self.registerExtensionsOnce
    }

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]
    private static let registerExtensionsOnce: Void = cmark_gfm_core_extensions_ensure_registered()
    private static let parserLock = NSLock()
    /// Private-use characters that mark heading anchors between parsing and HTML; stripped from input.
    private static let anchorOpen: Character = "\u{E000}", anchorClose: Character = "\u{E001}"

    public func render(_ markdown: String) -> RenderedMarkdown {
        var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_GITHUB_PRE_LANG | CMARK_OPT_VALIDATE_UTF8
        if allowRawHTML { options |= CMARK_OPT_UNSAFE }
        var source = markdown
        if source.contains(Self.anchorOpen) || source.contains(Self.anchorClose) {
            source = String(source.map { $0 == Self.anchorOpen || $0 == Self.anchorClose ? "\u{FFFD}" : $0 })
        }

        guard let parser = cmark_parser_new(options) else { return RenderedMarkdown(html: "", headings: [], paragraphs: []) }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        source.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        let document: OpaquePointer? = Self.parserLock.withLock { cmark_parser_finish(parser) }
        guard let document else { return RenderedMarkdown(html: "", headings: [], paragraphs: []) }
        defer { cmark_node_free(document) }

        let (headings, paragraphs) = annotate(document)
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return RenderedMarkdown(html: "", headings: headings, paragraphs: paragraphs)
        }
        defer { free(rendered) }
        let html = headings.isEmpty ? String(cString: rendered) : Self.moveAnchorsIntoTags(String(cString: rendered))
        return RenderedMarkdown(html: html, headings: headings, paragraphs: paragraphs)
    }

    /// Collects headings and top-level paragraph text. Each heading gets a text node holding its
    /// anchor between marker characters as its first child; `moveAnchorsIntoTags` turns that into
    /// an `id` attribute after rendering. Iterative: no recursion that input nesting could drive.
    private func annotate(_ document: OpaquePointer) -> ([Heading], [String]) {
        var headings: [Heading] = []
        var paragraphs: [String] = []
        var usedIDs = Set<String>()
        var headingNodes: [(OpaquePointer, Int, String)] = []
        var child = cmark_node_first_child(document)
        while let node = child {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HEADING {
                headingNodes.append((node, Int(cmark_node_get_heading_level(node)), plainText(of: node)))
            } else if type == CMARK_NODE_PARAGRAPH {
                let text = plainText(of: node)
                if !text.isEmpty { paragraphs.append(text) }
            }
            child = cmark_node_next(node)
        }
        for (node, level, text) in headingNodes {
            let base = Slug.make(text, maximumLength: 60).nonEmpty ?? "abschnitt"
            var id = base, counter = 2
            while usedIDs.contains(id) {
                id = "\(base)-\(counter)"
                counter += 1
            }
            usedIDs.insert(id)
            headings.append(Heading(level: level, text: text, id: id))
            guard let marker = cmark_node_new(CMARK_NODE_TEXT) else { continue }
            cmark_node_set_literal(marker, "\(Self.anchorOpen)\(id)\(Self.anchorClose)")
            if cmark_node_prepend_child(node, marker) == 0 { cmark_node_free(marker) }
        }
        return (headings, paragraphs)
    }

    /// Text content of a node: text and code literals, breaks as spaces, inline HTML left out.
    private func plainText(of root: OpaquePointer) -> String {
        var out = ""
        guard let iterator = cmark_iter_new(root) else { return out }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                if let literal = cmark_node_get_literal(node) { out += String(cString: literal) }
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                out += " "
            }
        }
        return out.trimmingWhitespace
    }

    /// `<h2>\u{E000}ursache\u{E001}Ursache</h2>` -> `<h2 id="ursache">Ursache</h2>`.
    private static func moveAnchorsIntoTags(_ html: String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count + 64)
        var rest = html[...]
        while let open = rest.firstIndex(of: anchorOpen) {
            var before = rest[..<open]
            guard let close = rest[open...].firstIndex(of: anchorClose), before.hasSuffix(">") else {
                out += rest[...open]
                rest = rest[rest.index(after: open)...]
                continue
            }
            before = before.dropLast()
            let id = rest[rest.index(after: open)..<close]
            out += before
            out += " id=\"\(id)\">"
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
