#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NoticeKit

/// What `stat` says about a file: enough to tell that it changed without reading it.
struct FileStamp: Hashable, Sendable {
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
    var changedSeconds: Int
    var changedNanoseconds: Int
    var size: Int64
    var inode: UInt64
}

/// Lists a site folder the way `SiteReader` does (same files, same order, same diagnostics for
/// links leaving the site), with a `stat` per file instead of reading it.
struct SiteScanner: Sendable {
    /// Absolute, without a trailing slash.
    let root: String
    /// `root` with symbolic links resolved, for the "link leaves the site" check.
    let resolvedRoot: String

    init(root: URL) {
        let standardized = root.standardizedFileURL.path
        self.root = standardized.count > 1 && standardized.hasSuffix("/") ? String(standardized.dropLast()) : standardized
        resolvedRoot = SiteScanner.realPath(self.root) ?? self.root
    }

    func absolute(_ relative: String) -> String { root + "/" + relative }

    /// `stat` (following links); nil when the file does not exist or is not a regular file.
    func stamp(_ relative: String) -> FileStamp? {
        var info = stat()
        guard stat(absolute(relative), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(info)
    }

    /// Regular files below `folder` (relative to the root), sorted by path, with their stamps.
    /// Links are followed only when they stay inside the site; hidden files and editor leftovers
    /// are skipped; a folder reached twice through links is listed once.
    func list(_ folder: String, skipping skipped: String? = nil, _ diagnostics: inout [Diagnostic]) -> [(path: String, stamp: FileStamp)] {
        var result: [(String, FileStamp)] = []
        var pending = [folder]
        var visited = Set<String>()
        while let current = pending.popLast() {
            if let real = SiteScanner.realPath(absolute(current)), !visited.insert(real).inserted { continue }
            guard let names = SiteScanner.names(in: absolute(current)) else { continue }
            for name in names where !SiteLayout.isIgnored(name: name) {
                let relative = current + "/" + name
                if relative == skipped { continue }
                let full = absolute(relative)
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFLNK {
                    guard let target = SiteScanner.realPath(full) else { continue }
                    guard target == resolvedRoot || target.hasPrefix(resolvedRoot + "/") else {
                        diagnostics.append(.error(.linkLeavesSite, ["target": .text(target)],
                                                  at: SourceLocation(path: relative)))
                        continue
                    }
                    guard stat(full, &info) == 0 else { continue }
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(relative)
                case S_IFREG: result.append((relative, FileStamp(info)))
                default: continue
                }
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// Every folder below `folder` (itself included), relative to the root; for watching.
    func folders(below folder: String) -> [String] {
        var result: [String] = []
        var pending = [folder]
        var visited = Set<String>()
        while let current = pending.popLast() {
            var info = stat()
            guard stat(absolute(current), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            if let real = SiteScanner.realPath(absolute(current)), !visited.insert(real).inserted { continue }
            result.append(current)
            for name in SiteScanner.names(in: absolute(current)) ?? [] where !SiteLayout.isIgnored(name: name) {
                pending.append(current + "/" + name)
            }
        }
        return result
    }

    /// The stamps of every file a build reads, for the polling watcher.
    func fingerprint() -> [String: FileStamp] {
        var ignored: [Diagnostic] = []
        var result: [String: FileStamp] = [:]
        for path in [SiteLayout.settingsPath, SiteLayout.catalogPath] {
            if let stamp = stamp(path) { result[path] = stamp }
        }
        for (path, stamp) in list(SiteLayout.noticesFolder, &ignored) + list(SiteLayout.templatesFolder, &ignored) {
            result[path] = stamp
        }
        return result
    }

    struct ReadFailure: Error {
        var message: String
    }

    /// The bytes of a file, or the system's reason why it cannot be read.
    func contents(of relative: String) -> Result<[UInt8], ReadFailure> {
        func failure() -> Result<[UInt8], ReadFailure> { .failure(ReadFailure(message: String(cString: strerror(errno)))) }
        let descriptor = open(absolute(relative), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return failure() }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return failure() }
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, bytes.count))) }
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                return failure()
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }

    static func names(in directory: String) -> [String]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

extension FileStamp {
    init(_ info: stat) {
        #if canImport(Darwin)
        self.init(modifiedSeconds: Int(info.st_mtimespec.tv_sec), modifiedNanoseconds: Int(info.st_mtimespec.tv_nsec),
                  changedSeconds: Int(info.st_ctimespec.tv_sec), changedNanoseconds: Int(info.st_ctimespec.tv_nsec),
                  size: Int64(info.st_size), inode: UInt64(info.st_ino))
        #else
        self.init(modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec),
                  changedSeconds: Int(info.st_ctim.tv_sec), changedNanoseconds: Int(info.st_ctim.tv_nsec),
                  size: Int64(info.st_size), inode: UInt64(info.st_ino))
        #endif
    }
}

/// Reads a site into `SiteSources` like `SiteReader`, but keeps every file it read, keyed by path,
/// and reads a file again only when its stamp (mtime, ctime, size, inode) changed, the watcher
/// named it, or it was modified so recently that a coarse file-system clock could hide a second
/// write in the same tick. When the watcher names only files already known, the folders are not
/// listed again: just those files are looked at. Used from one thread at a time (the rebuild thread).
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

    /// The files a build reads, with their stamps, and the problems found while listing them.
    private struct Listing {
        var settings: FileStamp?
        var catalog: FileStamp?
        var notices: [(path: String, stamp: FileStamp)]
        var templates: [(path: String, stamp: FileStamp)]
        var strings: [(path: String, stamp: FileStamp)]
        var assets: [(path: String, stamp: FileStamp)]
        var diagnostics: [Diagnostic]

        var paths: [String] {
            (settings == nil ? [] : [SiteLayout.settingsPath]) + (catalog == nil ? [] : [SiteLayout.catalogPath])
                + notices.map(\.path) + templates.map(\.path) + strings.map(\.path) + assets.map(\.path)
        }
    }

    let scanner: SiteScanner
    private var entries: [String: (stamp: FileStamp, file: SourceFile)] = [:]
    private var lastListing: Listing?
    private var lastReadProblems: [Diagnostic] = []

    init(root: URL) {
        scanner = SiteScanner(root: root)
    }

    /// - Parameter dirty: paths the watcher reported; read again whatever their stamp says.
    func read(dirty: Set<String> = []) -> Read {
        let previous = lastListing
        let quick = previous.flatMap { updated($0, dirty: dirty) }
        let listing = quick ?? list()
        var readProblems: [Diagnostic] = []
        var reread: [String] = []
        var changed = false
        var seen: [String: (stamp: FileStamp, file: SourceFile)] = [:]
        seen.reserveCapacity(entries.count)
        let racyAfter = Int(Date().timeIntervalSince1970) - 2

        func load(_ path: String, _ stamp: FileStamp) -> SourceFile? {
            if let entry = entries[path], entry.stamp == stamp, !dirty.contains(path), entry.stamp.modifiedSeconds < racyAfter,
               entry.stamp.changedSeconds < racyAfter {
                seen[path] = entry
                return entry.file
            }
            switch scanner.contents(of: path) {
            case .success(let bytes):
                let file = SourceFile(path: path, bytes: bytes)
                if entries[path]?.file != file {
                    changed = true
                    reread.append(path)
                }
                seen[path] = (stamp, file)
                return file
            case .failure(let reason):
                // The same words as `SiteReader`.
                readProblems.append(.error(.unreadableFile, ["detail": .text(reason.message)], at: SourceLocation(path: path)))
                return nil
            }
        }

        let settings = listing.settings.flatMap { load(SiteLayout.settingsPath, $0) }
        let catalog = listing.catalog.flatMap { load(SiteLayout.catalogPath, $0) }
        let notices = listing.notices.compactMap { load($0.path, $0.stamp) }
        let templates = listing.templates.compactMap { load($0.path, $0.stamp) }
        let strings = listing.strings.compactMap { load($0.path, $0.stamp) }
        let assets = listing.assets.compactMap { load($0.path, $0.stamp) }

        if quick == nil, previous?.paths != listing.paths || previous?.diagnostics != listing.diagnostics { changed = true }
        if readProblems != lastReadProblems { changed = true }
        entries = seen
        lastListing = listing
        lastReadProblems = readProblems
        let theme = BuiltInTheme.completing(templates: templates, strings: strings, assets: assets)
        let sources = SiteSources(settings: settings, catalog: catalog, notices: notices,
                                  templates: theme.templates, strings: theme.strings, assets: theme.assets,
                                  diagnostics: listing.diagnostics + readProblems)
        return Read(sources: sources, changed: changed, reread: reread, listed: quick == nil)
    }

    /// Lists every folder a build reads, as `SiteReader` does.
    private func list() -> Listing {
        var diagnostics: [Diagnostic] = []
        let settings = scanner.stamp(SiteLayout.settingsPath)
        let catalog = scanner.stamp(SiteLayout.catalogPath)
        if catalog == nil, !FileManager.default.fileExists(atPath: scanner.absolute(SiteLayout.catalogPath)) {
            diagnostics.append(.error(.noCatalog, ["path": .text(SiteLayout.catalogPath)],
                                      at: SourceLocation(path: SiteLayout.catalogPath)))
        }
        let notices = scanner.list(SiteLayout.noticesFolder, &diagnostics).filter { $0.path.hasSuffix(".md") }
        let theme = scanner.list(SiteLayout.templatesFolder, skipping: SiteLayout.assetsFolder, &diagnostics)
            .filter { SiteLayout.isThemeSource($0.path) }
        let templates = theme.filter { $0.path.hasSuffix(".mustache") }
        let strings = theme.filter { SiteLayout.isStringsFile($0.path) }
        let assets = scanner.list(SiteLayout.assetsFolder, &diagnostics)
        return Listing(settings: settings, catalog: catalog, notices: notices, templates: templates, strings: strings, assets: assets,
                       diagnostics: diagnostics)
    }

    /// The last listing with new stamps for `dirty`, when every dirty path is a file the last
    /// listing held and still a regular file; nil when the folders must be listed again.
    private func updated(_ listing: Listing, dirty: Set<String>) -> Listing? {
        guard !dirty.isEmpty else { return nil }
        var stamps: [String: FileStamp] = [:]
        for path in dirty {
            guard entries[path] != nil, let stamp = scanner.stamp(path) else { return nil }
            stamps[path] = stamp
        }
        var result = listing
        if let stamp = stamps[SiteLayout.settingsPath] { result.settings = stamp }
        if let stamp = stamps[SiteLayout.catalogPath] { result.catalog = stamp }
        func apply(_ list: [(path: String, stamp: FileStamp)]) -> [(path: String, stamp: FileStamp)] {
            list.map { (path: $0.path, stamp: stamps[$0.path] ?? $0.stamp) }
        }
        result.notices = apply(listing.notices)
        result.templates = apply(listing.templates)
        result.strings = apply(listing.strings)
        result.assets = apply(listing.assets)
        return result
    }
}
