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
