import Foundation
import Testing

@testable import NoticeKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The sitemap stays within the protocol's limits: 50,000 URLs per file, a sitemap index above.
@Suite struct SitemapTests {
    static let paths: SitePaths = {
        var settings = SiteSettings()
        settings.baseURL = "https://hilfe.example.de/"
        return SitePaths(settings: settings)
    }()

    /// Root element name and every `<loc>` of an XML document.
    final class Locations: NSObject, XMLParserDelegate {
        var root = "", locations: [String] = [], inLoc = false, text = ""
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if root.isEmpty { root = name }
            if name == "loc" {
                inLoc = true
                text = ""
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inLoc { text += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "loc" {
                locations.append(text)
                inLoc = false
            }
        }
    }

    func parse(_ file: OutputFile) -> Locations {
        let parser = XMLParser(data: Data(file.bytes))
        let result = Locations()
        parser.delegate = result
        #expect(parser.parse(), "\(file.path) is not well-formed XML")
        return result
    }

    func pages(_ count: Int) -> [Sitemap.Page] {
        let date = NoticeDate(instant: 1_795_950_000, timeZone: .gmt)
        return (0..<count).map { ("meldungen/2026/meldung-\($0)/", $0 % 2 == 0 ? date : nil) }
    }

    @Test func aSmallSiteHasOneURLSet() {
        let files = Sitemap(paths: Self.paths, pages: pages(3)).files()
        #expect(files.map(\.path) == ["sitemap.xml", "robots.txt"])
        let sitemap = parse(files[0])
        #expect(sitemap.root == "urlset")
        #expect(sitemap.locations.count == 3)
    }

    @Test func moreThan50000URLsGetASitemapIndexWithParts() throws {
        let count = 120_001
        let sitemap = Sitemap(paths: Self.paths, pages: pages(count))
        let files = sitemap.files()
        #expect(files.map(\.path) == sitemap.outputPaths)
        #expect(files.map(\.path) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "robots.txt"])
        let index = parse(files[0])
        #expect(index.root == "sitemapindex")
        #expect(index.locations == (1...3).map { "https://hilfe.example.de/sitemap-\($0).xml" })
        var seen: [String] = []
        for file in files[1...3] {
            let part = parse(file)
            #expect(part.root == "urlset")
            #expect(part.locations.count <= 50_000, "\(file.path) holds \(part.locations.count) URLs")
            #expect(file.bytes.count < 50_000_000)
            seen += part.locations
        }
        #expect(seen.count == count)
        #expect(Set(seen).count == count)
        let robots = String(decoding: files[4].bytes, as: UTF8.self)
        #expect(robots.contains("Sitemap: https://hilfe.example.de/sitemap.xml\n"))
    }
}
