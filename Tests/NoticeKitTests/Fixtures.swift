import Foundation
import Testing

@testable import NoticeKit

/// Small in-memory sites for tests: no disk unless a test asks for a temporary folder.
enum Fixtures {
    static let catalog = """
        - id: drkcms
          name: DRKCMS
          children:
            - id: drkcms-v6
              name: DRKCMS v6
              since: 2014
              children:
                - { id: drkcms-v6-brk, name: BRK-Version }
                - { id: drkcms-v6-lv, name: LV-Vorlage }
                - { id: drkcms-v6-ov, name: OV-Vorlage }
                - { id: drkcms-v6-kv, name: KV-Vorlage }
            - { id: drkcms-v7, name: DRKCMS v7, since: 2017 }
            - { id: drkcms-v9, name: DRKCMS v9, since: 2019 }
        - id: jrkcms
          name: JRKCMS
          children:
            - { id: jrkcms-v6, name: JRKCMS v6, since: 2014 }

        """

    /// Minimal templates that print the keys tests look at.
    static let templates: [SourceFile] = [
        ("layout", "<title>{{page.title}}</title>{{{content}}}"),
        ("home", "{{#notices}}{{>partials/item}}{{/notices}}"),
        ("notice", "<h1>{{notice.title}}</h1>{{{notice.body}}}{{#notice.products}}[{{label}}]{{/notice.products}}"),
        ("notices", "{{#notices}}{{>partials/item}}{{/notices}}"),
        ("product", "{{product.label}}:{{#notices}}{{>partials/item}}{{/notices}}{{^notices}}none{{/notices}}"),
        ("products", "{{#catalog}}{{label}}{{/catalog}}"),
        ("category", "{{category.name}}:{{#notices}}{{>partials/item}}{{/notices}}"),
        ("year", "{{year}}:{{#notices}}{{>partials/item}}{{/notices}}"),
        ("404", "404"),
        ("partials/item", "<a href=\"{{root}}{{url}}\">{{title}}</a>"),
    ].map { SourceFile(path: "templates/\($0.0).mustache", text: $0.1) }

    /// The shipped theme's strings files (`templates/strings/*.yml`), read from the repository.
    static let strings: [SourceFile] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(SiteLayout.stringsFolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.sorted().compactMap { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
                .map { SourceFile(path: "\(SiteLayout.stringsFolder)/\(name)", bytes: Array($0)) }
        }
    }()

    static func notice(_ path: String, _ text: String) -> SourceFile {
        SourceFile(path: "content/notices/\(path)", text: text)
    }

    static func notice(
        title: String = "Titel", date: String = "2016-04-20", category: String = "stoerung",
        products: String = "[drkcms-v7]", extra: String = "", body: String = "Text."
    ) -> String {
        "---\ntitle: \(title)\ndate: \(date)\ncategory: \(category)\nproducts: \(products)\n\(extra)---\n\(body)\n"
    }

    static func sources(
        notices: [SourceFile], settings: String? = nil, templates: [SourceFile] = Fixtures.templates,
        strings: [SourceFile] = Fixtures.strings
    ) -> SiteSources {
        SiteSources(
            settings: settings.map { SourceFile(path: "content/site.yml", text: $0) },
            catalog: SourceFile(path: "content/products.yml", text: catalog),
            notices: notices, templates: templates, strings: strings)
    }

    /// Diagnostics of assembling a site with one notice, printed as users see them.
    static func problems(_ text: String, path: String = "2016/test.md") -> [String] {
        let (_, diagnostics) = Fixtures.assemble(sources(notices: [notice(path, text)]), threads: 1)
        return diagnostics.sorted.map(\.description)
    }

    /// Diagnostics of building a one-notice site with the template `name` replaced by `text`.
    static func problems(template name: String, _ text: String) -> [String] {
        var sources = sources(notices: [notice("2016/a.md", notice())])
        sources.templates = sources.templates.map { file in
            file.path == "templates/\(name).mustache" ? SourceFile(path: file.path, text: text) : file
        }
        return Fixtures.render(sources, time: BuildTime(now: 0), threads: 1).diagnostics.sorted.map(\.description)
    }

    /// The site assembled from `sources`, or nil, with every problem on the way.
    static func assemble(_ sources: SiteSources, time: BuildTime = BuildTime(now: 0), threads: Int = 1) -> (
        Site?, Diagnostics
    ) {
        var diagnostics = Diagnostics()
        let site = Build.assemble(
            sources, configuration: Configuration(sources), options: Build.Options(time: time, threads: threads),
            into: &diagnostics)
        return (site, diagnostics)
    }

    /// Every output file of `sources`, rendered in memory (nil when the build fails).
    static func render(_ sources: SiteSources, time: BuildTime = BuildTime(now: 0), threads: Int = 1)
        -> (files: [OutputFile]?, diagnostics: Diagnostics)
    {
        let (_, files, diagnostics) = renderSite(sources, time: time, threads: threads)
        return (files, diagnostics)
    }

    /// Like `render`, with the assembled site.
    static func renderSite(_ sources: SiteSources, time: BuildTime = BuildTime(now: 0), threads: Int = 1)
        -> (site: Site?, files: [OutputFile]?, diagnostics: Diagnostics)
    {
        let prepared = Build.prepare(sources, options: Build.Options(time: time, threads: threads))
        return (prepared.site, Build.render(prepared, threads: threads), prepared.diagnostics)
    }

    static func site(_ notices: [SourceFile], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Site
    {
        let (site, diagnostics) = Fixtures.assemble(sources(notices: notices), threads: 1)
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted)", sourceLocation: sourceLocation)
        return try #require(site, sourceLocation: sourceLocation)
    }
}

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("notices-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }
}
