import Foundation

/// What `notices init` writes into a new content repository, built into the binary by the
/// EmbedTheme plugin: `content-template/`, the bundled settings, catalog and editors' guide, and
/// the CI files. No theme: the binary carries it (`notices theme export` writes it out).
public enum StarterRepository {
    public static let files: [(path: String, bytes: [UInt8])] = EmbeddedStarterData.files.map { path, base64 in
        (path, Data(base64Encoded: base64).map { [UInt8]($0) } ?? [])
    }
}
