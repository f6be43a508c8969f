import Foundation

/// Reads a site folder into `SiteSources`. The only place (with `Publisher`) that touches the disk.
public struct SiteReader: Sendable {
    public var root: URL {
        didSet { rootPath = root.path }
    }
    private var rootPath: String

    public init(root: URL) {
        self.root = root.standardizedFileURL
        rootPath = self.root.path
    }

    /// Lists the site and reads every file of the listing but the attachments, which a build
    /// reads only when a published notice links them (`readAttachments`).
    public func read() -> SiteSources {
        read(list(), readingAttachments: false).sources
    }

    /// What `read(_:reusing:)` returns: the sources and the files it had to read from disk.
    public struct Read: Sendable {
        public var sources: SiteSources
        /// Files read from disk this time (not handed back by `reusing`), sorted by path.
        public var reread: [SourceFile]
    }

    /// Reads the files of `listing`, in parallel. `reusing` may hand back a file the caller
    /// already holds for an entry whose stamp it trusts (`serve`); every other file is read.
    /// - Parameter readingAttachments: false leaves the attachments unread (`unreadAttachmentPaths`).
    public func read(
        _ listing: SiteListing, readingAttachments: Bool = true,
        reusing: (SiteListing.Entry) -> SourceFile? = { _ in nil }
    ) -> Read {
        var diagnostics = listing.diagnostics
        var files: [String: SourceFile] = [:]
        var missing: [String] = []
        let unread = readingAttachments ? [] : listing.attachments.map(\.path)
        for entry in listing.entries where readingAttachments || !unread.contains(entry.path) {
            if let known = reusing(entry) { files[entry.path] = known } else { missing.append(entry.path) }
        }
        let reads = missing.parallelMap { path in (path, Result { try readFile(path) }) }
        var reread: [SourceFile] = []
        for (path, result) in reads {
            switch result {
            case .success(let file):
                files[path] = file
                reread.append(file)
            case .failure(let error):
                diagnostics.append(
                    .error(.unreadableFile, ["detail": .text("\(error)")], at: SourceLocation(path: path)))
            }
        }
        func sources(_ entries: [SiteListing.Entry]) -> [SourceFile] { entries.compactMap { files[$0.path] } }
        // The built-in theme fills in every theme file the site does not have.
        let theme = BuiltInTheme.completing(
            templates: sources(listing.templates), strings: sources(listing.strings),
            assets: sources(listing.assets))
        var sources = SiteSources(
            settings: listing.settings.flatMap { files[$0.path] },
            catalog: listing.catalog.flatMap { files[$0.path] },
            notices: sources(listing.notices),
            templates: theme.templates,
            strings: theme.strings,
            assets: theme.assets,
            attachments: sources(listing.attachments),
            diagnostics: diagnostics)
        sources.unreadAttachmentPaths = unread
        return Read(sources: sources, reread: reread.sorted { $0.path < $1.path })
    }

    /// Largest attachment a build copies: the whole file is held in memory until it is written.
    public static let attachmentSizeLimit = 100 * 1024 * 1024

    /// The attachments at `paths` (those published notices link); each that cannot be copied is
    /// left out and reported.
    public func readAttachments(_ paths: [String], into diagnostics: inout Diagnostics) -> [SourceFile] {
        let reads = paths.parallelMap { path in
            Checked<SourceFile> { problems in
                var status = stat()
                if stat(filePath(path), &status) == 0, Int(status.st_size) > Self.attachmentSizeLimit {
                    problems.error(
                        .attachmentTooLarge,
                        [
                            "size": .number(Int(status.st_size) / 1_048_576),
                            "limit": .number(Self.attachmentSizeLimit / 1_048_576),
                        ],
                        at: SourceLocation(path: path))
                    return nil
                }
                do {
                    return try readFile(path)
                } catch {
                    problems.error(.unreadableFile, ["detail": .text("\(error)")], at: SourceLocation(path: path))
                    return nil
                }
            }
        }
        for read in reads { diagnostics.append(contentsOf: read.diagnostics) }
        return reads.compactMap(\.value)
    }

    /// Every file a build reads, with its stamp, without reading any: the one listing that
    /// `build`, `check` and `serve` share.
    public func list() -> SiteListing {
        var diagnostics: [Diagnostic] = []
        let settings = stamp(SiteLayout.settingsPath).map {
            SiteListing.Entry(path: SiteLayout.settingsPath, stamp: $0)
        }
        let catalog = stamp(SiteLayout.catalogPath).map { SiteListing.Entry(path: SiteLayout.catalogPath, stamp: $0) }
        if catalog == nil, !exists(SiteLayout.catalogPath) {
            diagnostics.append(
                .error(
                    .noCatalog, ["path": .text(SiteLayout.catalogPath)],
                    at: SourceLocation(path: SiteLayout.catalogPath)))
        }
        for (path, entry) in [(SiteLayout.settingsPath, settings), (SiteLayout.catalogPath, catalog)]
        where entry == nil && exists(path) {
            diagnostics.append(
                .error(.unreadableFile, ["detail": .text("not a regular file")], at: SourceLocation(path: path)))
        }
        let content = list(SiteLayout.noticesFolder, &diagnostics)
        let theme = list(SiteLayout.templatesFolder, &diagnostics, skipping: SiteLayout.assetsFolder)
            .filter { SiteLayout.isThemeSource($0.path) }
        return SiteListing(
            settings: settings, catalog: catalog,
            notices: content.filter { $0.path.hasSuffix(".md") },
            attachments: content.filter { !$0.path.hasSuffix(".md") },
            templates: theme.filter { $0.path.hasSuffix(".mustache") },
            strings: theme.filter { SiteLayout.isStringsFile($0.path) },
            assets: list(SiteLayout.assetsFolder, &diagnostics),
            diagnostics: diagnostics)
    }

    /// The stamp of a regular file (links followed); nil when there is none at `relative`.
    public func stamp(_ relative: String) -> FileStamp? {
        var status = stat()
        guard stat(filePath(relative), &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(status)
    }

    /// Just `content/site.yml`, for settings needed before a build (the time zone of `--now`).
    public func readSettings() -> SourceFile? {
        var ignored = Diagnostics()
        return readOptional(SiteLayout.settingsPath, &ignored)
    }

    /// Just `content/products.yml`, for `notices schema`, which needs no notices.
    public func readCatalog() -> SourceFile? {
        var ignored = Diagnostics()
        return readOptional(SiteLayout.catalogPath, &ignored)
    }

    /// `content/notify.yml`, or nil (the problem reported) when it is missing or unreadable.
    public func readNotifyConfig(into diagnostics: inout Diagnostics) -> SourceFile? {
        let start = diagnostics.mark
        let file = readOptional(NotifyConfig.path, &diagnostics)
        if file == nil, !diagnostics.hasReported(since: start) {
            diagnostics.error(
                .noNotifyConfig, ["path": .text(NotifyConfig.path)], at: SourceLocation(path: NotifyConfig.path))
        }
        return file
    }

    /// Whether the site has a `content/notify.yml` (sites without one do not announce anything).
    public var hasNotifyConfig: Bool { exists(NotifyConfig.path) }

    /// Names of the theme's templates (`notify/de/subject`), without reading them.
    public func templateNames() -> Set<String> {
        var ignored: [Diagnostic] = []  // the build reports problems of listing
        let prefix = SiteLayout.templatesFolder + "/"
        let own = list(SiteLayout.templatesFolder, &ignored, skipping: SiteLayout.assetsFolder).map(\.path)
        // The built-in theme's templates count too: a site's own override them file by file.
        return Set(
            (own + BuiltInTheme.paths).filter { $0.hasPrefix(prefix) && $0.hasSuffix(".mustache") }
                .map { String($0.dropFirst(prefix.count).dropLast(".mustache".count)) })
    }

    private func url(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }

    /// The file system path of a site-relative path: string concatenation, since building a URL
    /// per file cost more than opening it.
    private func filePath(_ relative: String) -> String {
        rootPath + "/" + relative
    }

    private func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: url(relative).path)
    }

    /// POSIX reads straight into the byte array (Foundation's Data costs a copy per file).
    private func readFile(_ relative: String) throws -> SourceFile {
        let descriptor = open(filePath(relative), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(path: relative, code: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(path: relative, code: errno) }
        // Exactly the size stat reported; a file that grew meanwhile is read on to its end.
        // (Growing the array before knowing there was more doubled the memory of every file.)
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: Int(status.st_size)) { buffer, initialized in
            initialized = Self.fill(buffer, from: descriptor, failure: &failure)
        }
        while failure == 0 {
            let more = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buffer -> Bool in
                let count = Self.fill(buffer, from: descriptor, failure: &failure)
                bytes += buffer[..<count]
                return count > 0
            }
            if !more { break }
        }
        if failure != 0 { throw ReadError(path: relative, code: failure) }
        return SourceFile(path: relative, bytes: bytes)
    }

    /// Reads until `buffer` is full or the file ends; the number of bytes read.
    private static func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, from descriptor: Int32, failure: inout Int32)
        -> Int
    {
        var filled = 0
        while filled < buffer.count {
            let count = Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if count < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    private func readOptional(_ relative: String, _ diagnostics: inout Diagnostics) -> SourceFile? {
        guard exists(relative) else { return nil }
        do { return try readFile(relative) } catch {
            diagnostics.append(
                .error(.unreadableFile, ["detail": .text("\(error)")], at: SourceLocation(path: relative)))
            return nil
        }
    }

    /// Regular files below `folder`, relative to the root, sorted. Symbolic links are followed
    /// only where `LinkRule` allows (into `content/` or `templates/`, to nothing hidden); hidden
    /// files and editor leftovers are skipped; a name that is not UTF-8 is an error.
    private func list(_ folder: String, _ diagnostics: inout [Diagnostic], skipping skipped: String? = nil)
        -> [SiteListing.Entry]
    {
        var result: [SiteListing.Entry] = []
        var pending = [folder]
        let fileManager = FileManager.default
        let linkRule = LinkRule(root: rootPath)
        var visited = Set<String>()  // resolved folders: a link back to a parent cannot loop
        while let current = pending.popLast() {
            guard visited.insert(realPath(filePath(current)) ?? filePath(current)).inserted else { continue }
            guard let (names, undecodable) = Self.entries(of: filePath(current)) else { continue }
            for bytes in undecodable where bytes.first != UInt8(ascii: ".") {
                let shown = Self.showingBadBytes(bytes)
                diagnostics.append(
                    .error(
                        .fileNameNotUTF8, ["name": .text(shown)],
                        at: SourceLocation(path: current + "/" + shown)))
            }
            for name in names where !SiteLayout.isIgnored(name: name) {
                let relative = current + "/" + name
                if relative == skipped { continue }
                let full = filePath(relative)
                var status = stat()
                guard lstat(full, &status) == 0 else {
                    diagnostics.append(
                        .error(
                            .unreadableEntry, ["name": .text(name), "detail": .text(String(cString: strerror(errno)))],
                            at: SourceLocation(path: relative)))
                    continue
                }
                if (status.st_mode & S_IFMT) == S_IFLNK {
                    guard let target = realPath(full), stat(full, &status) == 0 else {
                        let destination = (try? fileManager.destinationOfSymbolicLink(atPath: full)) ?? "?"
                        diagnostics.append(
                            .error(
                                .brokenSymbolicLink, ["target": .text(destination)], at: SourceLocation(path: relative))
                        )
                        continue
                    }
                    if let refusal = linkRule.refusal(of: target, at: relative) {
                        diagnostics.append(refusal)
                        continue
                    }
                }
                let type: FileAttributeType? =
                    (status.st_mode & S_IFMT) == S_IFDIR
                    ? .typeDirectory
                    : ((status.st_mode & S_IFMT) == S_IFREG ? .typeRegular : nil)
                if type == .typeDirectory {
                    pending.append(relative)
                } else if type == .typeRegular {
                    result.append(SiteListing.Entry(path: relative, stamp: FileStamp(status)))
                }
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// Every folder below `folder` (itself included, links followed, each real folder once),
    /// relative to the root, skipping hidden folders and editor leftovers: what `serve` watches.
    public func folders(below folder: String) -> [String] {
        var result: [String] = []
        var pending = [folder]
        var visited = Set<String>()
        while let current = pending.popLast() {
            var status = stat()
            guard stat(filePath(current), &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { continue }
            if let real = realPath(filePath(current)), !visited.insert(real).inserted { continue }
            result.append(current)
            for name in Self.entries(of: filePath(current))?.names ?? [] where !SiteLayout.isIgnored(name: name) {
                pending.append(current + "/" + name)
            }
        }
        return result
    }

    /// The names in a folder (without `.` and `..`): those that are UTF-8, and the raw bytes of
    /// those that are not (Foundation would turn them into names that open nothing).
    private static func entries(of folder: String) -> (names: [String], undecodable: [[UInt8]])? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        var undecodable: [[UInt8]] = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [46] || bytes == [46, 46] { continue }
            if let name = String(validating: bytes, as: UTF8.self) {
                names.append(name)
            } else {
                undecodable.append(bytes)
            }
        }
        return (names, undecodable)
    }

    /// `st\xF6rung.md`: the valid UTF-8 of a name as it is, every other byte as `\xHH`.
    static func showingBadBytes(_ bytes: [UInt8]) -> String {
        var result = ""
        var index = 0
        while index < bytes.count {
            var length = 1
            while length <= 4, index + length <= bytes.count {
                if let text = String(validating: bytes[index..<(index + length)], as: UTF8.self) {
                    result += text
                    break
                }
                length += 1
            }
            if length > 4 || index + length > bytes.count {
                result += "\\x" + String(bytes[index], radix: 16, uppercase: true)
                length = 1
            }
            index += length
        }
        return result
    }
}

/// A file that could not be read, with the system's reason.
struct ReadError: Error, CustomStringConvertible {
    var path: String
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}
