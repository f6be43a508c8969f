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

    public func read() -> SiteSources {
        var diagnostics: [Diagnostic] = []
        let settings = readOptional(SiteLayout.settingsPath, &diagnostics)
        let catalog = readOptional(SiteLayout.catalogPath, &diagnostics)
        if catalog == nil, !exists(SiteLayout.catalogPath) {
            diagnostics.append(.error(.noCatalog, ["path": .text(SiteLayout.catalogPath)],
                                      at: SourceLocation(path: SiteLayout.catalogPath)))
        }
        let contentPaths = list(SiteLayout.noticesFolder, &diagnostics)
        let noticePaths = contentPaths.filter { $0.hasSuffix(".md") }
        let attachmentPaths = contentPaths.filter { !$0.hasSuffix(".md") }
        let themePaths = list(SiteLayout.templatesFolder, &diagnostics, skipping: SiteLayout.assetsFolder)
            .filter(SiteLayout.isThemeSource)
        let templatePaths = themePaths.filter { $0.hasSuffix(".mustache") }
        let stringsPaths = themePaths.filter(SiteLayout.isStringsFile)
        let assetPaths = list(SiteLayout.assetsFolder, &diagnostics)

        let reads = (noticePaths + themePaths + assetPaths + attachmentPaths).parallelMap { path in
            (path, Result { try readFile(path) })
        }
        var files: [String: SourceFile] = [:]
        for (path, result) in reads {
            switch result {
            case .success(let file): files[path] = file
            case .failure(let error):
                diagnostics.append(.error(.unreadableFile, ["detail": .text("\(error)")], at: SourceLocation(path: path)))
            }
        }
        let theme = BuiltInTheme.completing(templates: templatePaths.compactMap { files[$0] },
                                            strings: stringsPaths.compactMap { files[$0] },
                                            assets: assetPaths.compactMap { files[$0] })
        return SiteSources(settings: settings, catalog: catalog,
                           notices: noticePaths.compactMap { files[$0] },
                           templates: theme.templates, strings: theme.strings, assets: theme.assets,
                           attachments: attachmentPaths.compactMap { files[$0] },
                           diagnostics: diagnostics)
    }

    /// Just `content/site.yml`, for settings needed before a build (the time zone of `--now`).
    public func readSettings() -> SourceFile? {
        var ignored: [Diagnostic] = []
        return readOptional(SiteLayout.settingsPath, &ignored)
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
    private static func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, from descriptor: Int32, failure: inout Int32) -> Int {
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

    private func readOptional(_ relative: String, _ diagnostics: inout [Diagnostic]) -> SourceFile? {
        guard exists(relative) else { return nil }
        do { return try readFile(relative) } catch {
            diagnostics.append(.error(.unreadableFile, ["detail": .text("\(error)")], at: SourceLocation(path: relative)))
            return nil
        }
    }

    /// Regular files below `folder`, relative to the root, sorted. Symbolic links are followed
    /// only when they stay inside the site; hidden files and editor leftovers are skipped.
    private func list(_ folder: String, _ diagnostics: inout [Diagnostic], skipping skipped: String? = nil) -> [String] {
        var result: [String] = []
        var pending = [folder]
        let fileManager = FileManager.default
        let resolvedRoot = root.resolvingSymlinksInPath().path
        var visited = Set<String>() // resolved folders: a link back to a parent cannot loop
        while let current = pending.popLast() {
            guard visited.insert(url(current).resolvingSymlinksInPath().path).inserted else { continue }
            guard let names = try? fileManager.contentsOfDirectory(atPath: url(current).path) else { continue }
            for name in names where !SiteLayout.isIgnored(name: name) {
                let relative = current + "/" + name
                if relative == skipped { continue }
                let full = filePath(relative)
                var status = stat()
                guard lstat(full, &status) == 0 else {
                    diagnostics.append(.error(.unreadableEntry, ["name": .text(name), "detail": .text(String(cString: strerror(errno)))], at: SourceLocation(path: relative)))
                    continue
                }
                if (status.st_mode & S_IFMT) == S_IFLNK {
                    let target = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                    guard target == resolvedRoot || target.hasPrefix(resolvedRoot + "/") else {
                        diagnostics.append(.error(.linkLeavesSite, ["target": .text(target)],
                                                  at: SourceLocation(path: relative)))
                        continue
                    }
                    guard stat(full, &status) == 0 else {
                        let destination = (try? fileManager.destinationOfSymbolicLink(atPath: full)) ?? target
                        diagnostics.append(.error(.brokenSymbolicLink, ["target": .text(destination)], at: SourceLocation(path: relative)))
                        continue
                    }
                }
                let type: FileAttributeType? = (status.st_mode & S_IFMT) == S_IFDIR ? .typeDirectory
                    : ((status.st_mode & S_IFMT) == S_IFREG ? .typeRegular : nil)
                if type == .typeDirectory {
                    pending.append(relative)
                } else if type == .typeRegular {
                    result.append(relative)
                }
            }
        }
        return result.sorted()
    }
}

/// A file that could not be read, with the system's reason.
struct ReadError: Error, CustomStringConvertible {
    var path: String
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}
