import Foundation
import NoticeKit

/// Reads a site into `SiteSources` through `SiteReader`'s listing and reading, but keeps every
/// file it read, keyed by path, and reads a file again only when its stamp (mtime, ctime, size,
/// inode) changed, the watcher named it, or it was modified so recently that a coarse file-system
/// clock could hide a second write in the same tick. When the watcher names only files already
/// known, the folders are not listed again: just those files are stamped. Used from one thread at a
/// time (the rebuild thread).
final class SourceCache {
    struct Read {
        var sources: SiteSources
        /// False when every file, the file list and the reading problems are as last time.
        var changed: Bool
        /// Paths whose bytes were new or different this time.
        var reread: [String]
        /// True when the folders were listed (not just the files the watcher named).
        var listed: Bool
    }

    let scanner: SiteScanner
    private let reader: SiteReader
    private var entries: [String: (stamp: FileStamp, file: SourceFile)] = [:]
    private var lastListing: SiteListing?
    private var lastDiagnostics: [Diagnostic] = []

    init(root: URL) {
        scanner = SiteScanner(root: root)
        reader = SiteReader(root: root)
    }

    /// - Parameter dirty: paths the watcher reported; read again whatever their stamp says.
    func read(dirty: Set<String> = []) -> Read {
        let quick = lastListing.flatMap { updated($0, dirty: dirty) }
        let listing = quick ?? reader.list()
        let racyAfter = Int(Date().timeIntervalSince1970) - 2
        let known = entries
        let result = reader.read(listing) { entry in
            guard let cached = known[entry.path], cached.stamp == entry.stamp, !dirty.contains(entry.path),
                cached.stamp.modifiedSeconds < racyAfter, cached.stamp.changedSeconds < racyAfter
            else { return nil }
            return cached.file
        }
        let fresh = Dictionary(result.reread.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: (stamp: FileStamp, file: SourceFile)] = [:]
        seen.reserveCapacity(listing.entries.count)
        var reread: [String] = []
        for entry in listing.entries {
            if let file = fresh[entry.path] {
                if known[entry.path]?.file != file { reread.append(entry.path) }
                seen[entry.path] = (entry.stamp, file)
            } else if let cached = known[entry.path] {
                seen[entry.path] = cached
            }
        }
        let diagnostics = result.sources.diagnostics
        let changed = !reread.isEmpty || lastListing.map(\.paths) != listing.paths || diagnostics != lastDiagnostics
        entries = seen
        lastListing = listing
        lastDiagnostics = diagnostics
        return Read(sources: result.sources, changed: changed, reread: reread.sorted(), listed: quick == nil)
    }

    /// The last listing with new stamps for `dirty`, when every dirty path is a file the last
    /// listing held and still a regular file; nil when the folders must be listed again.
    private func updated(_ listing: SiteListing, dirty: Set<String>) -> SiteListing? {
        guard !dirty.isEmpty else { return nil }
        var stamps: [String: FileStamp] = [:]
        for path in dirty {
            guard entries[path] != nil, let stamp = reader.stamp(path) else { return nil }
            stamps[path] = stamp
        }
        func apply(_ entry: SiteListing.Entry) -> SiteListing.Entry {
            SiteListing.Entry(path: entry.path, stamp: stamps[entry.path] ?? entry.stamp)
        }
        var result = listing
        result.settings = listing.settings.map(apply)
        result.catalog = listing.catalog.map(apply)
        result.notices = listing.notices.map(apply)
        result.attachments = listing.attachments.map(apply)
        result.templates = listing.templates.map(apply)
        result.strings = listing.strings.map(apply)
        result.assets = listing.assets.map(apply)
        return result
    }
}

private extension SiteListing {
    var paths: [String] { entries.map(\.path) }
}
