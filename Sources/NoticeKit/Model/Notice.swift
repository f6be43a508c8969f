/// One customer notice, validated and rendered, ready for the output stage.
public struct Notice: Sendable {
    /// `content/notices/2016/mail-hotmail.md`
    public var sourcePath: String
    /// `2016/mail-hotmail`: the year of its date and its slug; unique, stable, used in URLs and ids.
    public var id: String
    public var slug: String
    public var title: String
    public var date: NoticeDate
    public var category: String
    /// Catalog ids as the editor wrote them (duplicates removed), `all` included.
    public var products: [String]
    /// The summary from front matter, or one derived from the body's first real paragraph.
    public var summary: String
    public var body: RenderedMarkdown
    /// Indexes into `Catalog.products` of every product whose index lists this notice (roll-up).
    public var reach: [Int]
    /// Where the front matter starts, for diagnostics that concern the whole notice.
    public var location: SourceLocation
    public var lifecycle: Lifecycle
    /// Old URLs (site-relative paths starting with `/`) that redirect here.
    public var aliases: [Alias]
    /// The notice at the build's "now"; set when the site is assembled.
    public var state = NoticeState(Lifecycle(), now: 0, preview: false)

    public struct Alias: Sendable, Hashable {
        public var path: String
        public var location: SourceLocation
    }
}

extension Notice {
    /// Pinned notices first while they have not expired, then newest first; equal dates ordered
    /// by source path, so the order is total and stable.
    static func isOrderedBefore(_ a: Notice, _ b: Notice) -> Bool {
        let pinnedA = a.lifecycle.pinned && !a.state.expired, pinnedB = b.lifecycle.pinned && !b.state.expired
        if pinnedA != pinnedB { return pinnedA }
        return a.date != b.date ? a.date > b.date : a.sourcePath < b.sourcePath
    }
}
