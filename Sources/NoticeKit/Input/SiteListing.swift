/// The files a build reads, by role, each with its `stat` stamp, and the problems found while
/// listing them (links leaving the site, unreadable folder entries). `SiteReader.list()` makes it;
/// `build` reads every file of it, `serve` only those whose stamp changed.
public struct SiteListing: Sendable, Equatable {
    /// A file of the listing: its path relative to the site root and its stamp.
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var stamp: FileStamp

        public init(path: String, stamp: FileStamp) {
            self.path = path
            self.stamp = stamp
        }
    }

    /// `content/site.yml`, when present.
    public var settings: Entry?
    /// `content/products.yml`, when present (its absence is among `diagnostics`).
    public var catalog: Entry?
    /// `content/notices/**.md`, sorted by path.
    public var notices: [Entry]
    /// Other files under `content/notices/`, sorted by path.
    public var attachments: [Entry]
    /// `templates/**.mustache` outside `templates/assets/`, sorted by path.
    public var templates: [Entry]
    /// `templates/strings/*.yml`, sorted by path.
    public var strings: [Entry]
    /// `templates/assets/**`, sorted by path.
    public var assets: [Entry]
    public var diagnostics: [Diagnostic]

    /// Every file of the listing, in the order of the roles above.
    public var entries: [Entry] {
        [settings, catalog].compactMap { $0 } + notices + attachments + templates + strings + assets
    }
}
