import Foundation

/// Everything a build decodes and renders against, loaded once from the sources: the site's
/// settings, the theme's UI strings, the product catalog and the compiled templates. `build`
/// loads it before anything else because `--now` is read in the site's time zone.
public struct Configuration: Sendable {
    /// Defaults where `content/site.yml` is missing or broken (the problems are in `diagnostics`).
    public let settings: SiteSettings
    /// The UI texts of `settings.language`; nil when the strings files are unusable.
    let strings: UIStrings?
    public let catalog: Catalog
    /// Nil when a template is missing or does not compile.
    let templates: TemplateSet?
    /// The theme's template files as read, for `notices check`'s theme contract.
    let templateFiles: [SourceFile]
    /// What decoding a notice depends on besides its own file: a notice decoded against other
    /// bytes here must be decoded again (`NoticeCache`).
    let decodingKey: [UInt8]
    /// The problems of loading; an error stops the build after every notice is checked.
    public let diagnostics: [Diagnostic]

    /// Loads settings, strings (in the settings' language), catalog (labels in that language) and
    /// templates from `sources`.
    public init(_ sources: borrowing SiteSources) {
        var diagnostics = Diagnostics()
        let settings = SiteSettings.load(sources.settings, into: &diagnostics)
        let strings = StringsLoader.load(
            sources.strings, language: settings.language,
            languageLocation: settings.languageLocation, into: &diagnostics)
        // Derived labels say "(ab 2014)" in the site's language.
        let catalog =
            if let strings {
                CatalogLoader.load(
                    sources.catalog, sinceText: { strings.since(["year": String($0)]) }, into: &diagnostics)
            } else {
                CatalogLoader.load(sources.catalog, into: &diagnostics)
            }
        let templates = TemplateSet.load(sources.templates, into: &diagnostics)
        self.settings = settings
        self.strings = strings
        self.catalog = catalog
        self.templates = templates
        self.diagnostics = diagnostics.all
        templateFiles = sources.templates
        let anchors = (templates?.elementIDs ?? []).sorted().joined(separator: "\n")
        decodingKey = (sources.settings?.bytes ?? []) + [0] + (sources.catalog?.bytes ?? []) + [0] + Array(anchors.utf8)
    }

    /// Heading anchors in bodies must not repeat the element ids the templates use.
    var reservedAnchors: Set<String> { templates?.elementIDs ?? [] }

    /// The site's settings alone, defaults when unreadable: for commands that need the language or
    /// the time zone but build nothing (`changes`, `notify`, `serve`'s first line, `theme`).
    public static func settings(siteRoot: URL) -> SiteSettings {
        var ignored = Diagnostics()
        return SiteSettings.load(SiteReader(root: siteRoot).readSettings(), into: &ignored)
    }
}
