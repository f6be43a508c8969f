/// A heading of a rendered body, for the table of contents and deep links.
public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    /// The anchor (`ursache`), unique within the body.
    public var id: String
}

/// A link or image target as the editor wrote it, with its place in the Markdown (1-based).
public struct MarkdownLink: Sendable, Hashable {
    public var url: String
    public var line: Int
    public var column: Int
    public var isImage: Bool
}

/// A Markdown body turned into HTML plus what the rest of the pipeline needs to know about it.
public struct RenderedMarkdown: Sendable, Hashable {
    /// The HTML as UTF-8 (valid: the input is a Swift String), handed to templates as it is.
    public var htmlBytes: [UInt8]
    public var headings: [Heading]
    /// Plain text of top-level paragraphs, in order, those `ParagraphText` asked for.
    public var paragraphs: [String]
    /// Every link and image target, as written.
    public var links: [MarkdownLink] = []
    /// True when the body was rendered without GitHub tables, because cmark-gfm would have
    /// taken quadratic time on it (see `MarkdownRenderer.tableRescanBytes`, `BracketScan`).
    public var tablesLeftOut = false
    /// Set when the body was not rendered at all, because cmark-gfm would have taken quadratic
    /// time on its brackets (`BracketScan.stackWalk`): what to tell the editor.
    public var refusal: String?

    public var html: String { String(decoding: htmlBytes, as: UTF8.self) }

    public init(
        htmlBytes: [UInt8], headings: [Heading], paragraphs: [String], links: [MarkdownLink] = [],
        tablesLeftOut: Bool = false
    ) {
        self.htmlBytes = htmlBytes
        self.headings = headings
        self.paragraphs = paragraphs
        self.links = links
        self.tablesLeftOut = tablesLeftOut
    }

    static let empty = RenderedMarkdown(htmlBytes: [], headings: [], paragraphs: [])
}

/// Which paragraphs' plain text a caller needs: collecting the text of every paragraph of every
/// body costs more than the summary that uses the first one.
public enum ParagraphText: Sendable {
    case all
    case none
    /// The first paragraph and the first with at least this many characters (the two a derived
    /// summary chooses from).
    case untilOneHas(characters: Int)
}
