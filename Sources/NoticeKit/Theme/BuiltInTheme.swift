import Foundation

/// The default theme (this repository's `templates/`), built into the binary by the EmbedTheme
/// plugin. A site's own `templates/` overrides it file by file.
public enum BuiltInTheme {
    /// Every file, path (`templates/layout.mustache`) to bytes, decoded once.
    public static let files: [String: [UInt8]] = {
        var files: [String: [UInt8]] = [:]
        for (path, base64) in EmbeddedThemeData.files {
            files[path] = Data(base64Encoded: base64).map { [UInt8]($0) } ?? []
        }
        return files
    }()

    /// The paths, sorted.
    public static var paths: [String] { files.keys.sorted() }

    public static func text(at path: String) -> String? {
        files[path].map { String(decoding: $0, as: UTF8.self) }
    }
}

extension BuiltInTheme {
    /// The built-in theme's files as a build reads them (templates, strings files, assets).
    static let sourceFiles: [SourceFile] = paths.filter(isPartOfTheme).map { SourceFile(path: $0, bytes: files[$0]!) }

    /// What a build reads from `templates/`: the built-in theme's files under `templates/`.
    static func isPartOfTheme(_ path: String) -> Bool {
        path.hasPrefix(SiteLayout.assetsFolder + "/") || SiteLayout.isThemeSource(path)
    }

    /// A site's own theme files with the built-in ones it does not override, file by file (same
    /// path), each list sorted by path. A site with no `templates/` gets the whole built-in theme.
    public static func completing(templates: [SourceFile], strings: [SourceFile], assets: [SourceFile])
        -> (templates: [SourceFile], strings: [SourceFile], assets: [SourceFile])
    {
        let own = Set((templates + strings + assets).map(\.path))
        let missing = sourceFiles.filter { !own.contains($0.path) }
        func merged(_ site: [SourceFile], _ belongs: (String) -> Bool) -> [SourceFile] {
            (site + missing.filter { belongs($0.path) }).sorted { $0.path < $1.path }
        }
        return (
            merged(templates) { $0.hasSuffix(".mustache") },
            merged(strings, SiteLayout.isStringsFile),
            merged(assets) { $0.hasPrefix(SiteLayout.assetsFolder + "/") }
        )
    }
}

extension BuiltInTheme {
    /// The theme as `notices theme export` writes it: `templates/…` without the message catalogs,
    /// which belong to the binary, not to a site.
    public static var exportFiles: [(path: String, bytes: [UInt8])] {
        paths.filter { !$0.hasPrefix(SiteLayout.messagesFolder + "/") }.map { ($0, files[$0]!) }
    }
}
