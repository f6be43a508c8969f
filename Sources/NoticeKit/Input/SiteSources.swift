/// Everything the generator reads, as values: the whole input of a build.
/// Tests build one in memory; `SiteReader` builds one from disk.
public struct SiteSources: Sendable {
    /// `content/site.yml`, if present (every setting has a default).
    public var settings: SourceFile?
    /// `content/products.yml`.
    public var catalog: SourceFile?
    /// `content/notices/**.md`, sorted by path.
    public var notices: [SourceFile]
    /// `templates/**.mustache`, sorted by path.
    public var templates: [SourceFile]
    /// `templates/strings/*.yml`, the UI texts per language, sorted by path.
    public var strings: [SourceFile]
    /// `templates/assets/**`, copied unchanged to `assets/`.
    public var assets: [SourceFile]
    /// Other files under `content/notices/` (images, PDFs) that are read: copied next to the
    /// notices that link them.
    public var attachments: [SourceFile]
    /// Other files under `content/notices/` that are listed but not read: `SiteReader` reads only
    /// those a published notice links (`SiteReader.readAttachments`), after the notices are decoded.
    public var unreadAttachmentPaths: [String] = []
    /// Problems found while reading (unreadable files, links leaving the site, name clashes).
    public var diagnostics: [Diagnostic]

    /// Every attachment path, read or not: what links may name.
    public var attachmentPaths: Set<String> { Set(attachments.map(\.path)).union(unreadAttachmentPaths) }

    public init(
        settings: SourceFile? = nil, catalog: SourceFile? = nil, notices: [SourceFile] = [],
        templates: [SourceFile] = [], strings: [SourceFile] = [], assets: [SourceFile] = [],
        attachments: [SourceFile] = [],
        diagnostics: [Diagnostic] = []
    ) {
        self.settings = settings
        self.catalog = catalog
        self.notices = notices.sorted { $0.path < $1.path }
        self.templates = templates.sorted { $0.path < $1.path }
        self.strings = strings.sorted { $0.path < $1.path }
        self.assets = assets.sorted { $0.path < $1.path }
        self.attachments = attachments.sorted { $0.path < $1.path }
        self.diagnostics = diagnostics
    }
}

/// Where things live inside a site folder.
public enum SiteLayout {
    public static let settingsPath = "content/site.yml"
    public static let catalogPath = "content/products.yml"
    public static let contentFolder = "content"
    public static let noticesFolder = "content/notices"
    public static let templatesFolder = "templates"
    public static let assetsFolder = "templates/assets"
    public static let stringsFolder = "templates/strings"

    /// Files below `templates/` (outside `assets/`) that a build reads: templates and strings files.
    public static func isThemeSource(_ path: String) -> Bool {
        path.hasSuffix(".mustache") || isStringsFile(path)
    }

    public static func isStringsFile(_ path: String) -> Bool {
        path.hasPrefix(stringsFolder + "/") && path.hasSuffix(".yml") && !path.hasPrefix(messagesFolder + "/")
    }

    /// The message catalogs beside the UI strings: built into the binary, never read from a site.
    public static let messagesFolder = "templates/strings/messages"

    /// Editor leftovers and hidden files never count as content: names starting with `.`
    /// (`.DS_Store`, `.#notice.md`), ending in `~`, or Vim/Emacs swap and lock files.
    public static func isIgnored(name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swo")
            || name.hasSuffix(".swx") || (name.hasPrefix("#") && name.hasSuffix("#"))
    }
}
