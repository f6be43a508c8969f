/// Every output format, from a validated `Site` to the files of the built site.
/// A new format is a new type in `Output/` called from here.
enum SiteRenderer {
    static func files(for site: Site, templates: TemplateSet, assets: [SourceFile], threads: Int) -> ([OutputFile], [Diagnostic]) {
        let models = ViewModels(site: site)
        let paths = models.paths
        let states = StateTexts(language: site.settings.language)
        let (pages, pageList) = HTMLPages(models: models, templates: templates).files(threads: threads)
        var files = pages
        var feeds = AtomFeeds(site: site, paths: paths)
        files += feeds.files()
        files += NoticesJSON(site: site, paths: paths, states: states).files()
        files += MaintenanceCalendar(site: site, paths: paths, states: states).files()
        files += Sitemap(site: site, paths: paths).files(pages: pageList)
        files += SearchIndex(site: site, paths: paths).files()
        let assetPrefix = SiteLayout.assetsFolder + "/"
        files += assets.map { OutputFile(path: "assets/" + $0.path.dropFirst(assetPrefix.count), bytes: $0.bytes) }

        // Aliases come last: one that would overwrite a real output is an error, not a redirect.
        var diagnostics: [Diagnostic] = []
        let taken = Set(files.map(\.path))
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
        if diagnostics.isEmpty { files += redirects.files() }
        return (files, diagnostics)
    }
}
