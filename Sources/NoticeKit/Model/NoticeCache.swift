import Foundation

/// Decoded notices kept between builds of the same site (for `serve`): a notice whose file bytes
/// and decoding context (settings, catalog, theme anchors) are unchanged is not decoded again.
public final class NoticeCache: @unchecked Sendable {
    private struct Entry {
        var bytes: [UInt8]
        var result: Result<(Notice, [Diagnostic]), Diagnostics>
    }

    private let lock = NSLock()
    private var context: [UInt8] = []
    private var entries: [String: Entry] = [:]

    public init() {}

    /// Forgets everything when the decoding context differs from the last build's.
    func prepare(context: [UInt8]) {
        lock.withLock {
            if context != self.context {
                self.context = context
                entries = [:]
            }
        }
    }

    func cached(_ file: SourceFile) -> Result<(Notice, [Diagnostic]), Diagnostics>? {
        lock.withLock {
            guard let entry = entries[file.path], entry.bytes == file.bytes else { return nil }
            return entry.result
        }
    }

    func store(_ file: SourceFile, _ result: Result<(Notice, [Diagnostic]), Diagnostics>) {
        lock.withLock { entries[file.path] = Entry(bytes: file.bytes, result: result) }
    }

    /// Drops entries for files that are gone.
    func keep(only paths: Set<String>) {
        lock.withLock { entries = entries.filter { paths.contains($0.key) } }
    }
}
