import Foundation
import NoticeKit

/// The site folder as the watcher sees it: its folders, and the stamps of the files a build reads
/// (both come from `SiteReader`, so the preview watches and reads exactly what a build reads).
struct SiteScanner: Sendable {
    /// Absolute, without a trailing slash.
    let root: String
    private let reader: SiteReader

    init(root: URL) {
        let standardized = root.standardizedFileURL.path
        self.root =
            standardized.count > 1 && standardized.hasSuffix("/") ? String(standardized.dropLast()) : standardized
        reader = SiteReader(root: root)
    }

    func absolute(_ relative: String) -> String { root + "/" + relative }

    /// Every folder below `folder` (itself included), relative to the root; for watching.
    func folders(below folder: String) -> [String] {
        reader.folders(below: folder)
    }

    /// The stamps of every file a build reads, for the polling watcher: `SiteReader`'s listing.
    func fingerprint() -> [String: FileStamp] {
        Dictionary(reader.list().entries.map { ($0.path, $0.stamp) }, uniquingKeysWith: { first, _ in first })
    }
}
