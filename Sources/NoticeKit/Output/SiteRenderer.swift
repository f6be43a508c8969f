/// Every output format, from a validated `Site` to the files of the built site.
/// A new format is a new type in `Output/` called from here.
enum SiteRenderer {
    static func files(for site: Site, templates: TemplateSet, assets: [SourceFile], threads: Int) -> [OutputFile] {
        let models = ViewModels(site: site)
        var files = HTMLPages(models: models, templates: templates).files(threads: threads)
        let assetPrefix = SiteLayout.assetsFolder + "/"
        files += assets.map { OutputFile(path: "assets/" + $0.path.dropFirst(assetPrefix.count), bytes: $0.bytes) }
        return files
    }
}
