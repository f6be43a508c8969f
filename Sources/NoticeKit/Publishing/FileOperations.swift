import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Removes a folder the generator wrote (a replaced site, a staging folder): the folders two levels
/// down in parallel, since a site holds two or three entries to unlink per notice.
func removeTree(_ folder: URL) {
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
            let inner = try? fileManager.contentsOfDirectory(atPath: child)
        else { continue }
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
func linkIfUnchanged(_ old: String, to new: String, _ bytes: [UInt8]) -> Bool {
    let descriptor = open(old, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) == bytes.count
    else { return false }
    let same = bytes.withUnsafeBytes { expected -> Bool in
        var offset = 0
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65_536) { chunk -> Bool in
            while offset < expected.count {
                let count = Glibc.read(descriptor, chunk.baseAddress!, min(chunk.count, expected.count - offset))
                if count < 0 && errno == EINTR { continue }
                guard count > 0, memcmp(chunk.baseAddress!, expected.baseAddress! + offset, count) == 0 else {
                    return false
                }
                offset += count
            }
            return true
        }
    }
    return same && link(old, new) == 0
}

func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
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
    func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 2
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    }
#endif
