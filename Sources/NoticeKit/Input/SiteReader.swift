import Foundation

/// Reads a site folder into `SiteSources`. The only place (with `Publisher`) that touches the disk.
public struct SiteReader: Sendable {
    public var root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public func read() -> SiteSources {
        var diagnostics: [Diagnostic] = []
        let settings = readOptional(SiteLayout.settingsPath, &diagnostics)
        let catalog = readOptional(SiteLayout.catalogPath, &diagnostics)
        if catalog == nil, !exists(SiteLayout.catalogPath) {
            diagnostics.append(.error("no product catalog: create \(SiteLayout.catalogPath) (a list of products with id and name)",
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
                diagnostics.append(.error("cannot read file: \(error)", at: SourceLocation(path: path)))
            }
        }
        return SiteSources(settings: settings, catalog: catalog,
                           notices: noticePaths.compactMap { files[$0] },
                           templates: templatePaths.compactMap { files[$0] },
                           strings: stringsPaths.compactMap { files[$0] },
                           assets: assetPaths.compactMap { files[$0] },
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

    private func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: url(relative).path)
    }

    /// POSIX reads straight into the byte array (Foundation's Data costs a copy per file).
    private func readFile(_ relative: String) throws -> SourceFile {
        let path = url(relative).path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(path: relative, code: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(path: relative, code: errno) }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, bytes.count))) }
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: relative, code: errno)
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return SourceFile(path: relative, bytes: bytes)
    }

    private func readOptional(_ relative: String, _ diagnostics: inout [Diagnostic]) -> SourceFile? {
        guard exists(relative) else { return nil }
        do { return try readFile(relative) } catch {
            diagnostics.append(.error("cannot read file: \(error)", at: SourceLocation(path: relative)))
            return nil
        }
    }

    /// Regular files below `folder`, relative to the root, sorted. Symbolic links are followed
    /// only when they stay inside the site; hidden files and editor leftovers are skipped.
    private func list(_ folder: String, _ diagnostics: inout [Diagnostic], skipping skipped: String? = nil) -> [String] {
        var result: [String] = []
        var pending = [folder]
        let fileManager = FileManager.default
        let rootPath = root.resolvingSymlinksInPath().path
        var visited = Set<String>() // resolved folders: a link back to a parent cannot loop
        while let current = pending.popLast() {
            guard visited.insert(url(current).resolvingSymlinksInPath().path).inserted else { continue }
            guard let names = try? fileManager.contentsOfDirectory(atPath: url(current).path) else { continue }
            for name in names where !SiteLayout.isIgnored(name: name) {
                let relative = current + "/" + name
                if relative == skipped { continue }
                let full = url(relative)
                var status = stat()
                guard lstat(full.path, &status) == 0 else {
                    diagnostics.append(.error("cannot read '\(name)': \(String(cString: strerror(errno)))", at: SourceLocation(path: relative)))
                    continue
                }
                if (status.st_mode & S_IFMT) == S_IFLNK {
                    let target = full.resolvingSymlinksInPath().path
                    guard target == rootPath || target.hasPrefix(rootPath + "/") else {
                        diagnostics.append(.error("symbolic link points outside the site (to '\(target)'); copy the file into the site instead",
                                                  at: SourceLocation(path: relative)))
                        continue
                    }
                    guard stat(full.path, &status) == 0 else {
                        let destination = (try? fileManager.destinationOfSymbolicLink(atPath: full.path)) ?? target
                        diagnostics.append(.error("symbolic link points to a missing file ('\(destination)')", at: SourceLocation(path: relative)))
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
