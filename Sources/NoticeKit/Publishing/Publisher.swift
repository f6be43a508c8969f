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
        let homes = Set([FileManager.default.homeDirectoryForCurrentUser.path, ProcessInfo.processInfo.environment["HOME"] ?? "/"]
            .map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path })
        let workingFolder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath().path
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
            if target == folder || target.hasPrefix(folder + "/") { throw refuse(.outputInsideProtected, ["folder": .text(protected)]) }
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
    fileprivate func write(_ files: [OutputFile], into folder: URL, previous: String?, folders: inout Set<String>) throws {
        try Self.throwFirst(files.parallelMap { OutputPathCheck.isContained($0.path) ? nil : "output path '\($0.path)' would leave the output folder" },
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
        // Parents before children: one mkdir each, the folders of one depth in parallel
        // (FileManager's URL handling cost more than the system calls for the 14,000 folders of
        // a 10,000-notice site).
        let byDepth = Dictionary(grouping: newFolders) { $0.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 } }
        for depth in byDepth.keys.sorted() {
            try Self.throwFirst(byDepth[depth]!.parallelMap { directory -> String? in
                mkdir(base + "/" + directory, 0o755) == 0 || errno == EEXIST
                    ? nil : "could not create folder '\(directory)' (\(String(cString: strerror(errno))))"
            }, at: nil)
        }
        try Self.throwFirst(files.parallelMap { file -> String? in
            if let previous, linkIfUnchanged(previous + "/" + file.path, to: base + "/" + file.path, file.bytes) { return nil }
            return writeFile(base + "/" + file.path, file.bytes) ? nil : "could not write '\(file.path)' (\(String(cString: strerror(errno))))"
        }, at: nil)
    }

    /// Work done in parallel reports a problem per item or nil; the first problem, in input order, stops the build.
    /// The problems name the output file or folder; no source file is to blame (`location` nil).
    private static func throwFirst(_ problems: [String?], at location: SourceLocation?) throws {
        if let problem = problems.lazy.compactMap({ $0 }).first { throw Diagnostic.error(.publishFailed, ["detail": .text(problem)], at: location) }
    }

    /// Replaces the output folder with `staging` in one step where the system allows
    /// (`renameat2(RENAME_EXCHANGE)` on Linux), else in two renames.
    fileprivate func swapIn(_ staging: URL) throws {
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

/// One build's writes into its staging folder, holding the lock until `commit` or `abort`.
public final class PublishSession: @unchecked Sendable {
    private let publisher: Publisher
    private let staging: URL
    private let lock: PublishLock
    private var folders = Set<String>()
    private var finished = false
    /// The published output, when there is one this build replaces (it carries the marker).
    private let previous: String?

    fileprivate init(publisher: Publisher, staging: URL, lock: PublishLock) {
        self.publisher = publisher
        self.staging = staging
        self.lock = lock
        let marker = publisher.output.appendingPathComponent(Publisher.markerName).path
        previous = FileManager.default.fileExists(atPath: marker) ? publisher.output.path : nil
    }

    /// Writes a batch of files into the staging folder (in parallel).
    public func write(_ files: [OutputFile]) throws {
        try publisher.write(files, into: staging, previous: previous, folders: &folders)
    }

    /// Adds the marker and swaps the staging folder in for the output folder.
    public func commit() throws {
        defer { finish() }
        do {
            try Data("Built by notices. This folder is replaced on every build; do not edit it.\n".utf8)
                .write(to: staging.appendingPathComponent(Publisher.markerName))
            try publisher.swapIn(staging)
        } catch {
            removeTree(staging)
            throw error
        }
    }

    /// Drops everything written so far; the published site stays as it was.
    public func abort() {
        guard !finished else { return }
        removeTree(staging)
        finish()
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        lock.release()
    }

    deinit { abort() }
}

/// Every written path must stay inside the output folder.
enum OutputPathCheck {
    /// Relative, no backslash or NUL, and no segment that is empty, `.` or `..`; on bytes.
    static func isContained(_ path: String) -> Bool {
        var segmentLength = 0, dots = 0
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                if segmentLength == 0 || dots == segmentLength && dots <= 2 { return false }
                segmentLength = 0
                dots = 0
                continue
            case UInt8(ascii: "\\"), 0: return false
            case UInt8(ascii: "."): dots += 1
            default: break
            }
            segmentLength += 1
        }
        return segmentLength > 0 && !(dots == segmentLength && dots <= 2)
    }
}

/// Removes a folder the generator wrote (a replaced site, a staging folder): the folders two levels
/// down in parallel, since a site of 10,000 notices has 30,000 entries to unlink.
private func removeTree(_ folder: URL) {
    let fileManager = FileManager.default
    // A link in the folder's place (put there by someone else) is removed, never followed.
    var own = stat()
    guard lstat(folder.path, &own) == 0 else { return }
    guard (own.st_mode & S_IFMT) == S_IFDIR else {
        unlink(folder.path)
        return
    }
    var subtrees: [String] = []
    for name in (try? fileManager.contentsOfDirectory(atPath: folder.path)) ?? [] {
        let child = folder.path + "/" + name
        // lstat: a symbolic link is removed as a link, never followed into another folder.
        var status = stat()
        guard lstat(child, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR,
              let inner = try? fileManager.contentsOfDirectory(atPath: child) else { continue }
        subtrees += inner.map { child + "/" + $0 }
    }
    _ = subtrees.parallelMap { try? fileManager.removeItem(atPath: $0) }
    try? fileManager.removeItem(at: folder)
}

/// `path` with every symbolic link resolved (`realpath`); for a path that does not exist yet,
/// its nearest existing ancestor is resolved and the rest appended. A dangling link stays as it
/// is (the safety check refuses it).
func resolvingLinks(_ path: String) -> String {
    if let resolved = realPath(path) { return resolved }
    var status = stat()
    let url = URL(fileURLWithPath: path)
    let parent = url.deletingLastPathComponent().path
    guard lstat(path, &status) != 0, parent != path, !parent.isEmpty else { return path }
    let base = resolvingLinks(parent)
    return (base.hasSuffix("/") ? base : base + "/") + url.lastPathComponent
}

/// Hard-links `old` to `new` when `old` is a regular file holding exactly `bytes`.
private func linkIfUnchanged(_ old: String, to new: String, _ bytes: [UInt8]) -> Bool {
    let descriptor = open(old, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) == bytes.count else { return false }
    let same = bytes.withUnsafeBytes { expected -> Bool in
        var offset = 0
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65_536) { chunk -> Bool in
            while offset < expected.count {
                let count = Glibc.read(descriptor, chunk.baseAddress!, min(chunk.count, expected.count - offset))
                if count < 0 && errno == EINTR { continue }
                guard count > 0, memcmp(chunk.baseAddress!, expected.baseAddress! + offset, count) == 0 else { return false }
                offset += count
            }
            return true
        }
    }
    return same && link(old, new) == 0
}

private func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    return bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

#if os(Linux)
/// `renameat2(…, RENAME_EXCHANGE)` (glibc 2.28+), looked up at run time: swaps two paths atomically.
private func exchange(_ a: String, _ b: String) -> Bool {
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
    let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
    let renameExchange: UInt32 = 2
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
}
#endif

/// An exclusive `flock` beside the output folder: a second build on the same output fails fast.
fileprivate struct PublishLock {
    let descriptor: Int32

    init(url: URL, output: String) throws {
        descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Diagnostic.error(.lockFileFailed, ["path": .text(url.path)], at: nil)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Diagnostic.error(.buildInProgress, ["path": .text(output)], at: nil)
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
