/// `sitemap.xml` (sitemaps.org 0.9) over every HTML page except redirects and the 404 page,
/// and `robots.txt` pointing at it. `lastmod` comes from content, never the clock. The protocol
/// allows 50,000 URLs and 50 MB per file: a larger site gets `sitemap.xml` as a sitemap index
/// over parts `sitemap-1.xml`, `sitemap-2.xml`, ….
struct Sitemap {
    typealias Page = (url: String, lastModified: NoticeDate?)

    static let urlsPerFile = 50_000
    /// Below the protocol's 50 MB, with room for the tags around each URL.
    static let bytesPerFile = 45_000_000

    let paths: SitePaths
    /// The `<url>` lines, sorted by URL and cut into the files they go into, each part with the
    /// newest content date among its pages (for the index).
    let parts: [(entries: [String], newest: NoticeDate?)]

    init(paths: SitePaths, pages: [Page]) {
        self.paths = paths
        var parts: [(entries: [String], newest: NoticeDate?)] = [([], nil)]
        var bytes = 0
        for page in pages.sorted(by: { $0.url < $1.url }) {
            let entry = Self.entry(page, paths: paths)
            if parts[parts.count - 1].entries.count == Self.urlsPerFile || bytes + entry.utf8.count > Self.bytesPerFile
            {
                parts.append(([], nil))
                bytes = 0
            }
            parts[parts.count - 1].entries.append(entry)
            if let date = page.lastModified, parts[parts.count - 1].newest.map({ date > $0 }) ?? true {
                parts[parts.count - 1].newest = date
            }
            bytes += entry.utf8.count
        }
        self.parts = parts
    }

    /// The files this sitemap writes: `sitemap.xml`, its parts if any, `robots.txt`.
    var outputPaths: [String] {
        ["sitemap.xml"] + (parts.count > 1 ? parts.indices.map(Self.partPath) : []) + ["robots.txt"]
    }

    static func partPath(_ index: Int) -> String { "sitemap-\(index + 1).xml" }

    func files() -> [OutputFile] {
        let robots = "User-agent: *\nAllow: /\nSitemap: \(paths.absolute("sitemap.xml"))\n"
        guard parts.count > 1 else {
            return [
                OutputFile(path: "sitemap.xml", text: urlset(parts[0].entries)),
                OutputFile(path: "robots.txt", text: robots),
            ]
        }
        var index = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        for (number, part) in parts.enumerated() {
            index += "  <sitemap><loc>\(Escape.xml(paths.absolute(Self.partPath(number))))</loc>"
            if let newest = part.newest { index += "<lastmod>\(newest.rfc3339DateTime)</lastmod>" }
            index += "</sitemap>\n"
        }
        index += "</sitemapindex>\n"
        return [OutputFile(path: "sitemap.xml", text: index)]
            + parts.enumerated().map { OutputFile(path: Self.partPath($0.offset), text: urlset($0.element.entries)) }
            + [OutputFile(path: "robots.txt", text: robots)]
    }

    private func urlset(_ entries: [String]) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        for entry in entries { xml += entry }
        return xml + "</urlset>\n"
    }

    private static func entry(_ page: Page, paths: SitePaths) -> String {
        var line = "  <url><loc>\(Escape.xml(paths.absolute(page.url)))</loc>"
        if let date = page.lastModified { line += "<lastmod>\(date.rfc3339DateTime)</lastmod>" }
        return line + "</url>\n"
    }
}
