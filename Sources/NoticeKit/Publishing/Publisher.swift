import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a built site: into a fresh staging folder beside the output folder, then swapped in
/// with one rename, so readers see the old site or the new one, never a mix. The only disk writes.
///
/// It deletes only what it owns: the output folder carries a marker file, and folders that are
/// the site itself, hold it, or hold the user's other files are refused.
public struct Publisher: Sendable {
    /// Name of the marker file inside every output folder the generator created.
    public static let markerName = ".notices-output"

    public let siteRoot: URL
    public let output: URL

    /// The output folder as the user named it, for messages.
    private let displayPath: String

    /// `output` is resolved through every symbolic link first: the lock, the checks, the staging
    /// folder and the swap all work on the folder the links lead to, so `public -> live` and
    /// `live` are one output and the link itself is never replaced.
    public init(siteRoot: URL, output: URL) {
        self.siteRoot = siteRoot.standardizedFileURL.resolvingSymlinksInPath()
        displayPath = output.standardizedFileURL.path
        self.output = URL(fileURLWithPath: resolvingLinks(displayPath))
    }

    private var parent: URL { output.deletingLastPathComponent() }
    private var name: String { output.lastPathComponent }

    /// Writes `files` and swaps them in: `begin`, one `write`, `commit`.
    public func publish(_ files: [OutputFile]) throws {
        let session = try begin()
        do {
            try session.write(files)
            try session.commit()
        } catch {
            session.abort()
            throw error
        }
    }

    /// Checks the output folder, takes the lock, clears what a killed build left, and opens a
    /// fresh staging folder. Files can then be written in batches as they are rendered.
    public func begin() throws -> PublishSession {
        try checkOutputIsSafe()
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let lock = try PublishLock(url: parent.appendingPathComponent(".\(name).notices-lock"), output: displayPath)
        removeLeftovers()
        let staging = parent.appendingPathComponent(".\(name).notices-staging-\(getpid())")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            lock.release()
            throw error
        }
        return PublishSession(publisher: self, staging: staging, lock: lock)
    }

    /// Refuses output folders whose replacement would delete something the generator does not own.
    func checkOutputIsSafe() throws {
        let target = output.path
        let root = siteRoot.path
        // Home as the password database and as $HOME see it; the working folder as the shell does.
        let homes = Set(
            [FileManager.default.homeDirectoryForCurrentUser.path, ProcessInfo.processInfo.environment["HOME"] ?? "/"]
                .map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path })
        let workingFolder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
            .resolvingSymlinksInPath().path
        // The folder may come from --output as well as site.yml: the message names it, no file does.
        func refuse(_ why: MessageCode, _ arguments: [String: MessageArgument] = [:]) -> Diagnostic {
            .error(.refusingOutput, ["path": .text(displayPath), "why": MessageArgument(why, arguments)], at: nil)
        }
        func holds(_ folder: String, _ inner: String) -> Bool {
            folder == inner || inner.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
        }
        var link = stat()
        if lstat(target, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK { throw refuse(.outputDanglingLink) }
        if target == "/" || homes.contains(target) { throw refuse(.outputIsRootOrHome) }
        if homes.contains(where: { holds(target, $0) }) { throw refuse(.outputHoldsHome) }
        if holds(target, root) { throw refuse(.outputHoldsSite) }
        if holds(target, workingFolder) { throw refuse(.outputHoldsWorkingFolder) }
        for protected in ["content", "templates", ".git", "Sources", "Tests"] {
            let folder = siteRoot.appendingPathComponent(protected).path
            if target == folder || target.hasPrefix(folder + "/") {
                throw refuse(.outputInsideProtected, ["folder": .text(protected)])
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw refuse(.outputIsFile) }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        if !contents.isEmpty && !contents.contains(Self.markerName) {
            throw refuse(.outputNotOwned, ["marker": .text(Self.markerName)])
        }
    }

    /// Staging and old folders left by a build that was killed.
    private func removeLeftovers() {
        let prefixes = [".\(name).notices-staging-", ".\(name).notices-old-"]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for leftover in names where prefixes.contains(where: leftover.hasPrefix) {
            removeTree(parent.appendingPathComponent(leftover))
        }
    }

    /// - Parameter previous: the published output folder; a file whose bytes it already holds is
    ///   linked from there instead of written, so it keeps its inode and time stamp and an
    ///   incremental deploy (`rsync -a`) sends only what changed.
    func write(_ files: [OutputFile], into folder: URL, previous: String?, folders: inout Set<String>) throws {
        try Self.throwFirst(
            files.parallelMap {
                OutputPathCheck.isContained($0.path) ? nil : "output path '\($0.path)' would leave the output folder"
            },
            at: nil)
        var newFolders: [String] = []
        for file in files {
            var directory = file.path[...]
            while let slash = directory.lastIndex(of: "/") {
                directory = directory[..<slash]
                if !folders.insert(String(directory)).inserted { break }
                newFolders.append(String(directory))
            }
        }
        let base = folder.path
        // Parents before children: one mkdir each, the folders of one depth in parallel. A site has
        // about as many folders as pages, and FileManager's URL handling costs more than the
        // system call (docs/performance.md).
        let byDepth = Dictionary(grouping: newFolders) { $0.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 } }
        for depth in byDepth.keys.sorted() {
            try Self.throwFirst(
                byDepth[depth]!.parallelMap { directory -> String? in
                    mkdir(base + "/" + directory, 0o755) == 0 || errno == EEXIST
                        ? nil : "could not create folder '\(directory)' (\(String(cString: strerror(errno))))"
                }, at: nil)
        }
        try Self.throwFirst(
            files.parallelMap { file -> String? in
                if let previous, linkIfUnchanged(previous + "/" + file.path, to: base + "/" + file.path, file.bytes) {
                    return nil
                }
                return writeFile(base + "/" + file.path, file.bytes)
                    ? nil : "could not write '\(file.path)' (\(String(cString: strerror(errno))))"
            }, at: nil)
    }

    /// Work done in parallel reports a problem per item or nil; the first problem, in input order, stops the build.
    /// The problems name the output file or folder; no source file is to blame (`location` nil).
    private static func throwFirst(_ problems: [String?], at location: SourceLocation?) throws {
        if let problem = problems.lazy.compactMap({ $0 }).first {
            throw Diagnostic.error(.publishFailed, ["detail": .text(problem)], at: location)
        }
    }

    /// Replaces the output folder with `staging` in one step where the system allows
    /// (`renameat2(RENAME_EXCHANGE)` on Linux), else in two renames.
    func swapIn(_ staging: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else {
            try fileManager.moveItem(at: staging, to: output)
            return
        }
        #if os(Linux)
            if exchange(staging.path, output.path) {
                removeTree(staging)
                return
            }
        #endif
        let old = parent.appendingPathComponent(".\(name).notices-old-\(getpid())")
        try fileManager.moveItem(at: output, to: old)
        try fileManager.moveItem(at: staging, to: output)
        removeTree(old)
    }
}
