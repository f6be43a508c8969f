import Foundation
import NoticeKit
import Testing

/// The site shipped in `content/` builds cleanly, and every link between its pages resolves.
@Suite struct BundledSiteTests {
    @Test func bundledSiteBuildsAndEveryInternalLinkResolves() throws {
        let sources = SiteReader(root: Paths.repository).read()
        let prepared = Build.prepare(sources, options: Build.Options(time: fixedNow))
        let (files, diagnostics) = (Build.render(prepared), prepared.diagnostics)
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted.map(\.description))")
        let site = try #require(files)
        let broken = LinkChecker.brokenLinks(in: site)
        #expect(broken.isEmpty, "\(broken.prefix(20))")
        #expect(site.count > 20)
    }

    @Test func subPathFixtureLinksResolve() throws {
        let files = try buildWithRealTheme(Paths.fixtures.appendingPathComponent("basic"))
        let broken = LinkChecker.brokenLinks(in: files, basePath: "/hilfe/")
        #expect(broken.isEmpty, "\(broken)")
    }

    @Test func outputIsIdenticalWhateverTheThreadCount() throws {
        let fixture = Paths.fixtures.appendingPathComponent("basic")
        let one = try buildWithRealTheme(fixture, threads: 1)
        let many = try buildWithRealTheme(fixture, threads: 8)
        #expect(one == many)
    }
}

/// Resolves every `href` and `src` of every HTML page against the set of output files, the way a
/// static web server would (`folder/` -> `folder/index.html`, `#fragment` -> an id on the page).
enum LinkChecker {
    /// - Parameter basePath: the path part of the base URL; root-relative links must start with it.
    static func brokenLinks(in files: [OutputFile], basePath: String = "/") -> [String] {
        let paths = Set(files.map(\.path))
        var idsByPath: [String: Set<String>] = [:]
        for file in files where file.path.hasSuffix(".html") {
            idsByPath[file.path] = Set(attributeValues("id", in: String(decoding: file.bytes, as: UTF8.self)))
        }
        var broken: [String] = []
        for file in files where file.path.hasSuffix(".html") {
            let html = String(decoding: file.bytes, as: UTF8.self)
            let pageFolder = file.path.split(separator: "/").dropLast().map(String.init)
            for original in attributeValues("href", in: html) + attributeValues("src", in: html) {
                if original.contains(":") || original.hasPrefix("//") { continue }  // external or mailto
                var link = original
                var folder = pageFolder
                if link.hasPrefix("/") {
                    guard link.hasPrefix(basePath) else {
                        broken.append("\(file.path): \(link) is outside the base path \(basePath)")
                        continue
                    }
                    link = String(link.dropFirst(basePath.count))
                    folder = []
                }
                let (path, fragment) = split(link)
                var target: String
                if path.isEmpty {
                    target = original.hasPrefix("/") ? "index.html" : file.path
                } else {
                    var parts = folder
                    for part in path.split(separator: "/", omittingEmptySubsequences: false) {
                        if part == ".." {
                            if parts.popLast() == nil { broken.append("\(file.path): \(link) leaves the site") }
                        } else if part != "." && !part.isEmpty {
                            parts.append(String(part))
                        }
                    }
                    target = parts.joined(separator: "/")
                    if path.hasSuffix("/") || target.isEmpty { target += target.isEmpty ? "index.html" : "/index.html" }
                }
                guard paths.contains(target) else {
                    broken.append("\(file.path): \(link) -> \(target) does not exist")
                    continue
                }
                if let fragment, !fragment.isEmpty, target.hasSuffix(".html"),
                    idsByPath[target]?.contains(fragment) != true
                {
                    broken.append("\(file.path): \(link) -> no id '\(fragment)' in \(target)")
                }
            }
        }
        return broken
    }

    private static func split(_ link: String) -> (String, String?) {
        guard let hash = link.firstIndex(of: "#") else { return (link, nil) }
        return (String(link[..<hash]), String(link[link.index(after: hash)...]))
    }

    /// Values of `name="…"` attributes (the theme always quotes with double quotes).
    static func attributeValues(_ name: String, in html: String) -> [String] {
        html.split(separator: " \(name)=\"").dropFirst().compactMap { rest in
            rest.firstIndex(of: "\"").map { String(rest[..<$0]).replacingEntities() }
        }
    }
}

private extension String {
    func replacingEntities() -> String {
        self.split(separator: "&amp;", omittingEmptySubsequences: false).joined(separator: "&")
    }
}
