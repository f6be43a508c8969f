/// One customer notice, validated and rendered, ready for the output stage.
///
/// A class with immutable fields: notices are shared by every list, feed and index of a large
/// site, and copying a reference is one retain where copying the struct retained every field.
public final class Notice: Sendable {
    /// `content/notices/2016/mail-hotmail.md`
    public let sourcePath: String
    /// `2016/mail-hotmail`: the year of its date and its slug; unique, stable, used in URLs and ids.
    public let id: String
    public let slug: String
    public let title: String
    public let date: NoticeDate
    public let category: String
    /// Catalog ids as the editor wrote them (duplicates removed), `all` included.
    public let products: [String]
    /// The summary from front matter, or one derived from the body's first real paragraph.
    public let summary: String
    public let body: RenderedMarkdown
    /// Indexes into `Catalog.products` of every product whose index lists this notice (roll-up).
    public let reach: [Int]
    /// Where the front matter starts, for diagnostics that concern the whole notice.
    public let location: SourceLocation
    public let lifecycle: Lifecycle
    /// Old URLs (site-relative paths starting with `/`) that redirect here.
    public let aliases: [Alias]
    /// Files next to the notice that its body links, copied next to its page.
    public let attachments: [Attachment]
    /// Links to headings (of itself or other notices), checked once every notice is rendered.
    let anchorChecks: [NoticeLinker.AnchorCheck]
    /// The notice at the build's "now"; set when the site is assembled (`at(_:)`).
    public let state: NoticeState

    public struct Alias: Sendable, Hashable {
        public var path: String
        public var location: SourceLocation
    }

    public struct Attachment: Sendable, Hashable {
        /// `content/notices/2016/mail/bild.png`
        public var source: String
        /// `meldungen/2016/mail/bild.png`
        public var output: String
    }

    init(
        sourcePath: String, id: String, slug: String, title: String, date: NoticeDate, category: String,
        products: [String],
        summary: String, body: RenderedMarkdown, reach: [Int], location: SourceLocation, lifecycle: Lifecycle,
        aliases: [Alias],
        attachments: [Attachment] = [], anchorChecks: [NoticeLinker.AnchorCheck] = [],
        state: NoticeState = NoticeState(Lifecycle(), now: 0, preview: false)
    ) {
        self.sourcePath = sourcePath
        self.id = id
        self.slug = slug
        self.title = title
        self.date = date
        self.category = category
        self.products = products
        self.summary = summary
        self.body = body
        self.reach = reach
        self.location = location
        self.lifecycle = lifecycle
        self.aliases = aliases
        self.attachments = attachments
        self.anchorChecks = anchorChecks
        self.state = state
    }

    /// The same notice in the given state (decoded notices are cached across builds; state is not).
    func at(_ state: NoticeState) -> Notice {
        Notice(
            sourcePath: sourcePath, id: id, slug: slug, title: title, date: date, category: category,
            products: products,
            summary: summary, body: body, reach: reach, location: location, lifecycle: lifecycle, aliases: aliases,
            attachments: attachments, anchorChecks: anchorChecks, state: state)
    }
}

extension Notice {
    /// Pinned notices first while they have not expired, then newest first; equal dates ordered
    /// by source path, so the order is total and stable.
    static func isOrderedBefore(_ a: Notice, _ b: Notice) -> Bool {
        let pinnedA = a.lifecycle.pinned && !a.state.expired
        let pinnedB = b.lifecycle.pinned && !b.state.expired
        if pinnedA != pinnedB { return pinnedA }
        return a.date != b.date ? a.date > b.date : a.sourcePath < b.sourcePath
    }
}
