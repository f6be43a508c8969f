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
    /// Sorted by URL, cut into the files they go into.
    let parts: [[Page]]

    init(paths: SitePaths, pages: [Page]) {
        self.paths = paths
        var parts: [[Page]] = [[]]
        var bytes = 0
        for page in pages.sorted(by: { $0.url < $1.url }) {
            let size = Self.entry(page, paths: paths).utf8.count
            if parts[parts.count - 1].count == Self.urlsPerFile || bytes + size > Self.bytesPerFile {
                parts.append([])
                bytes = 0
            }
            parts[parts.count - 1].append(page)
            bytes += size
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
            return [OutputFile(path: "sitemap.xml", text: urlset(parts[0])), OutputFile(path: "robots.txt", text: robots)]
        }
        var index = """
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

        """
        for (number, part) in parts.enumerated() {
            index += "  <sitemap><loc>\(Escape.xml(paths.absolute(Self.partPath(number))))</loc>"
            if let newest = part.compactMap(\.lastModified).max() { index += "<lastmod>\(newest.rfc3339DateTime)</lastmod>" }
            index += "</sitemap>\n"
        }
        index += "</sitemapindex>\n"
        return [OutputFile(path: "sitemap.xml", text: index)]
            + parts.enumerated().map { OutputFile(path: Self.partPath($0.offset), text: urlset($0.element)) }
            + [OutputFile(path: "robots.txt", text: robots)]
    }

    private func urlset(_ pages: [Page]) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

        """
        for page in pages { xml += Self.entry(page, paths: paths) }
        return xml + "</urlset>\n"
    }

    private static func entry(_ page: Page, paths: SitePaths) -> String {
        var line = "  <url><loc>\(Escape.xml(paths.absolute(page.url)))</loc>"
        if let date = page.lastModified { line += "<lastmod>\(date.rfc3339DateTime)</lastmod>" }
        return line + "</url>\n"
    }
}
