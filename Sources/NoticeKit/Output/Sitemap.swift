/// `sitemap.xml` (sitemaps.org 0.9) over every HTML page except redirects and the 404 page,
/// and `robots.txt` pointing at it. `lastmod` comes from content, never the clock.
struct Sitemap {
    let site: Site
    let paths: SitePaths

    /// - Parameter pages: URLs of the HTML pages with the newest content date each shows (if any).
    func files(pages: [(url: String, lastModified: NoticeDate?)]) -> [OutputFile] {
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

        """
        for page in pages.sorted(by: { $0.url < $1.url }) {
            xml += "  <url><loc>\(Escape.xml(paths.absolute(page.url)))</loc>"
            if let date = page.lastModified { xml += "<lastmod>\(date.rfc3339DateTime)</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        let robots = "User-agent: *\nAllow: /\nSitemap: \(paths.absolute("sitemap.xml"))\n"
        return [OutputFile(path: "sitemap.xml", text: xml), OutputFile(path: "robots.txt", text: robots)]
    }
}
