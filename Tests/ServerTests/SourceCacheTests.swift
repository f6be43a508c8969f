import Foundation
import NoticeKit
import Testing

@testable import NoticeServer

/// The preview's reader: the same sources as `SiteReader`, files read again only when they change.
@Suite struct SourceCacheTests {
    private func site() throws -> TemporarySite {
        let site = try TemporarySite()
        try site.write("content/products.yml", "- { id: x, name: X }\n")
        try site.write("content/site.yml", "title: Test\n")
        try site.write("content/notices/2020/a.md", "a")
        try site.write("content/notices/2021/b.md", "b")
        try site.write("content/notices/2021/.b.md.swp", "swap")
        try site.write("content/notices/2021/notes.txt", "not a notice")
        try site.write("templates/layout.mustache", "{{{content}}}")
        try site.write("templates/strings/de.yml", "titles:\n  products: Produkte\n")
        try site.write("templates/strings/README.txt", "not a strings file")
        try site.write("templates/assets/style.css", "body{}")
        try site.write("templates/assets/logo.mustache", "an asset, not a template")
        return site
    }

    @Test func readsWhatSiteReaderReads() throws {
        let site = try site()
        let outside = try TemporarySite()
        try outside.write("x.md", "outside")
        try FileManager.default.createSymbolicLink(
            atPath: site.url.appendingPathComponent("content/notices/2021/link.md").path,
            withDestinationPath: outside.url.appendingPathComponent("x.md").path)
        // `serve` reads the attachments too; `build` reads only those a notice links.
        let reader = SiteReader(root: site.url)
        let expected = reader.read(reader.list()).sources
        #expect(
            reader.read().attachments.isEmpty
                && reader.read().unreadAttachmentPaths == ["content/notices/2021/notes.txt"])
        let actual = SourceCache(root: site.url).read().sources
        #expect(actual.settings == expected.settings)
        #expect(actual.catalog == expected.catalog)
        #expect(actual.notices == expected.notices)
        #expect(actual.templates == expected.templates)
        // The site's own de.yml, and the built-in theme's en.yml it does not override.
        #expect(
            actual.strings == expected.strings
                && actual.strings.map(\.path) == ["templates/strings/de.yml", "templates/strings/en.yml"])
        #expect(actual.strings.first?.bytes == Array("titles:\n  products: Produkte\n".utf8))
        #expect(actual.assets == expected.assets)
        #expect(
            actual.attachments == expected.attachments
                && actual.attachments.map(\.path) == ["content/notices/2021/notes.txt"])
        #expect(actual.diagnostics == expected.diagnostics)
        #expect(actual.diagnostics.count == 1)
    }

    /// The bundled site: `serve` and `build` see the same notices, attachments, templates,
    /// strings and assets, byte for byte.
    @Test func seesTheBundledSiteAsBuildDoes() throws {
        let expected = SiteReader(root: repositoryRoot).read()
        let actual = SourceCache(root: repositoryRoot).read().sources
        #expect(!expected.notices.isEmpty && !expected.assets.isEmpty && !expected.templates.isEmpty)
        #expect(actual.settings == expected.settings && actual.catalog == expected.catalog)
        #expect(actual.notices == expected.notices)
        #expect(actual.attachments == expected.attachments)
        #expect(actual.templates == expected.templates)
        #expect(actual.strings == expected.strings)
        #expect(actual.assets == expected.assets)
        #expect(actual.diagnostics == expected.diagnostics)
    }

    @Test func readsOnlyWhatChanged() throws {
        let site = try site()
        let cache = SourceCache(root: site.url)
        let first = cache.read()
        #expect(first.changed && first.listed)
        #expect(first.reread.count == 9)

        let unchanged = cache.read()
        #expect(!unchanged.changed)
        #expect(unchanged.reread.isEmpty)

        // The watcher names a known file: only that file is looked at.
        try site.write("content/notices/2020/a.md", "a2")
        let edited = cache.read(dirty: ["content/notices/2020/a.md"])
        #expect(edited.changed && !edited.listed)
        #expect(edited.reread == ["content/notices/2020/a.md"])
        #expect(edited.sources.notices.map { String(decoding: $0.bytes, as: UTF8.self) } == ["a2", "b"])

        // Touched but equal: nothing to rebuild.
        try site.write("content/notices/2020/a.md", "a2")
        #expect(!cache.read(dirty: ["content/notices/2020/a.md"]).changed)

        // A new folder: everything is listed again.
        try site.write("content/notices/2022/c.md", "c")
        let added = cache.read(dirty: ["content/notices/2022"])
        #expect(added.changed && added.listed)
        #expect(added.reread == ["content/notices/2022/c.md"])

        // A deleted file is noticed whatever the watcher said.
        try FileManager.default.removeItem(at: site.url.appendingPathComponent("content/notices/2021/b.md"))
        let removed = cache.read(dirty: ["content/notices/2021/b.md"])
        #expect(removed.changed && removed.listed)
        #expect(removed.sources.notices.map(\.path) == ["content/notices/2020/a.md", "content/notices/2022/c.md"])

        // Without a watcher, stamps tell.
        try site.write("templates/layout.mustache", "<main>{{{content}}}</main>")
        let polled = cache.read()
        #expect(polled.changed && polled.reread == ["templates/layout.mustache"])
    }
}
