import Foundation

/// Decoded notices kept between builds of the same site (for `serve`). A file whose bytes and
/// decoding context (settings, catalog, theme anchors) are unchanged is not decoded again, and its
/// rendered body is reused unless it links to other notices or files, whose URLs may have moved.
public final class NoticeCache: @unchecked Sendable {
    private struct Entry {
        var bytes: [UInt8]
        var head: Checked<NoticeDecoder.Head>
        var finished: Checked<Notice>?
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

    func head(_ file: SourceFile) -> Checked<NoticeDecoder.Head>? {
        lock.withLock {
            guard let entry = entries[file.path], entry.bytes == file.bytes else { return nil }
            return entry.head
        }
    }

    func store(_ file: SourceFile, head: Checked<NoticeDecoder.Head>) {
        lock.withLock { entries[file.path] = Entry(bytes: file.bytes, head: head, finished: nil) }
    }

    func finished(_ path: String) -> Checked<Notice>? {
        lock.withLock { entries[path]?.finished }
    }

    /// Keeps a rendered body only when it does not depend on other files.
    func store(_ path: String, finished: Checked<Notice>) {
        guard let notice = finished.value else { return }
        let independent = notice.body.links.allSatisfy { link in
            link.url.hasPrefix("#") || link.url.hasPrefix("/") || link.url.contains("://")
                || link.url.lowercased().hasPrefix("mailto:")
        }
        guard independent else { return }
        lock.withLock { entries[path]?.finished = finished }
    }

    /// Drops entries for files that are gone.
    func keep(only paths: Set<String>) {
        lock.withLock { entries = entries.filter { paths.contains($0.key) } }
    }
}
