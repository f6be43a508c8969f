/// Atom feeds (RFC 4287): the whole site, every catalog node (with roll-up) and every category.
/// Newest first, at most `SiteSettings.feedSize` entries; dates come from content only.
struct AtomFeeds {
    let site: Site
    let paths: SitePaths
    private var entries: [Int: String] = [:]

    init(site: Site, paths: SitePaths) {
        self.site = site
        self.paths = paths
    }

    /// By date, newest first, whatever pinning does to the HTML lists; ties by path.
    private func newestFirst(_ indexes: [Int]) -> [Int] {
        indexes.sorted {
            let a = site.notices[$0]
            let b = site.notices[$1]
            return a.date != b.date ? a.date > b.date : a.sourcePath < b.sourcePath
        }
    }

    /// Every feed: path, title, the HTML page it belongs to, and the notices it may carry.
    var feeds: [(path: String, title: String, htmlURL: String, notices: [Int])] {
        var feeds = [(paths.siteFeed, site.settings.title, paths.home, Array(site.notices.indices))]
        for (index, product) in site.catalog.products.enumerated() {
            feeds.append(
                (
                    paths.productFeed(product.id), "\(site.settings.title): \(product.label)",
                    paths.product(product.id), site.noticesByProduct[index]
                ))
        }
        for (index, category) in site.settings.categories.enumerated() {
            feeds.append(
                (
                    paths.categoryFeed(category.id), "\(site.settings.title): \(category.name)",
                    paths.category(category.id), site.noticesByCategory[index]
                ))
        }
        return feeds
    }

    mutating func files() -> [OutputFile] {
        // Each entry is serialized once, however many feeds carry it.
        let feeds = feeds
        let size = site.settings.feedSize
        let needed = Array(Set(feeds.flatMap { newestFirst($0.notices).prefix(size) })).sorted()
        let frozen = self
        let built = needed.parallelMap { frozen.entry(frozen.site.notices[$0]) }
        entries = Dictionary(uniqueKeysWithValues: zip(needed, built))
        return feeds.map { feed(path: $0.path, title: $0.title, htmlURL: $0.htmlURL, notices: $0.notices) }
    }

    private func feed(path: String, title: String, htmlURL: String, notices: [Int]) -> OutputFile {
        let shown = newestFirst(notices).prefix(site.settings.feedSize)
        let updated = shown.map { site.notices[$0].updated }.max()?.rfc3339DateTime ?? "1970-01-01T00:00:00Z"
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(Escape.xml(site.settings.language))">
              <id>\(Escape.xml(paths.absolute(path)))</id>
              <title>\(Escape.xml(title))</title>
              <updated>\(updated)</updated>
              <link rel="self" type="application/atom+xml" href="\(Escape.xml(paths.absolute(path)))"/>
              <link rel="alternate" type="text/html" href="\(Escape.xml(paths.absolute(htmlURL)))"/>
              <generator>Notices</generator>

            """
        for index in shown { xml += entries[index] ?? "" }
        xml += "</feed>\n"
        return OutputFile(path: path, text: xml)
    }

    private func entry(_ notice: Notice) -> String {
        let url = paths.absolute(paths.notice(notice))
        let category = site.settings.categories.first { $0.id == notice.category }
        return """
              <entry>
                <id>\(Escape.xml(url))</id>
                <title>\(Escape.xml(notice.title))</title>
                <link rel="alternate" type="text/html" href="\(Escape.xml(url))"/>
                <published>\(notice.date.rfc3339DateTime)</published>
                <updated>\(notice.updated.rfc3339DateTime)</updated>
                <author><name>\(Escape.xml(site.settings.title))</name></author>
                <category term="\(Escape.xml(notice.category))" label="\(Escape.xml(category?.name ?? notice.category))"/>
                <summary>\(Escape.xml(notice.summary))</summary>
                <content type="html" xml:base="\(Escape.xml(url))">\(Escape.xml(notice.body.html))</content>
              </entry>

            """
    }
}
