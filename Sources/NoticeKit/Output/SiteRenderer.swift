/// Every output format, from a validated `Site` to the files of the built site, handed to `emit`
/// in batches as they are produced, so a large site is never held in memory whole.
/// A new format is a new type in `Output/` called from here.
enum SiteRenderer {
    /// Pages rendered per batch: enough to keep every core busy, few enough to bound memory.
    static let batchSize = 512

    /// Renders everything and returns the problems found on the way (two outputs for one path,
    /// an alias that would overwrite a page). When it returns any, the caller must discard what
    /// was emitted.
    static func render(_ site: Site, templates: TemplateSet, assets: [SourceFile], threads: Int,
                       emit: ([OutputFile]) throws -> Void) rethrows -> [Diagnostic] {
        let models = ViewModels(site: site)
        let paths = models.paths
        let states = StateTexts(language: site.settings.language)
        var taken = Set<String>()
        var diagnostics: [Diagnostic] = []
        func send(_ files: [OutputFile]) throws {
            for file in files where !taken.insert(file.path).inserted {
                diagnostics.append(.error("two outputs would be written to '\(file.path)'", at: SourceLocation(path: SiteLayout.noticesFolder)))
            }
            try emit(files)
        }

        let pages = HTMLPages(models: models, templates: templates)
        let jobs = pages.jobs()
        for start in stride(from: 0, to: jobs.count, by: batchSize) {
            try send(pages.render(Array(jobs[start..<min(jobs.count, start + batchSize)]), threads: threads))
        }
        var feeds = AtomFeeds(site: site, paths: paths)
        try send(feeds.files())
        try NoticesJSON(site: site, paths: paths, states: states).files(emit: send)
        try send(MaintenanceCalendar(site: site, paths: paths, states: states).files())
        try send(Sitemap(site: site, paths: paths).files(pages: jobs.filter(\.inSitemap).map { ($0.url, $0.lastModified) }))
        try send(SearchIndex(site: site, paths: paths).files())
        let assetPrefix = SiteLayout.assetsFolder + "/"
        try send(assets.map { OutputFile(path: "assets/" + $0.path.dropFirst(assetPrefix.count), bytes: $0.bytes) })

        // Aliases come last: one that would overwrite a real output is an error, not a redirect.
        var aliasOwner: [String: String] = [:]
        let redirects = Redirects(site: site, paths: paths)
        for target in redirects.targets {
            let file = Redirects.file(for: target.alias.path)
            if taken.contains(file) {
                diagnostics.append(.error("alias '\(target.alias.path)' collides with the generated file '\(file)'; choose another old URL or remove it", at: target.alias.location))
            } else if let other = aliasOwner[file] {
                diagnostics.append(.error("alias '\(target.alias.path)' is also an alias of \(other)", at: target.alias.location))
            } else {
                aliasOwner[file] = target.notice.sourcePath
            }
        }
        if diagnostics.isEmpty { try send(redirects.files()) }
        return diagnostics
    }
}
