import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` beside the output folder: a second build on the same output fails fast.
struct PublishLock {
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
