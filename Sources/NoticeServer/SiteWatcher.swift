import Dispatch
import Foundation
import NoticeKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches `content/` and `templates/` of a site and reports changed paths (relative to the site
/// root) after `debounce` seconds without further events, so one save that touches a file several
/// times (write, rename, chmod) gives one rebuild.
///
/// On Linux it uses inotify with a watch on every folder (watches are added for folders created
/// or moved in later); elsewhere, or when inotify cannot be used (watch limit reached), it compares
/// the `stat` of every file every 300 ms.
final class SiteWatcher: @unchecked Sendable {
    enum Mode: String, Sendable {
        case inotify, polling
    }

    /// Called on the watcher's thread with the changed paths and when the first of them was seen.
    typealias Handler = @Sendable (_ paths: Set<String>, _ firstEvent: DispatchTime) -> Void

    /// `content/` holds settings, catalog and notices.
    static let watchedFolders = ["content", SiteLayout.templatesFolder]

    let scanner: SiteScanner
    let debounce: Double
    let pollInterval: Double
    private let handler: Handler

    init(scanner: SiteScanner, debounce: Double = 0.05, pollInterval: Double = 0.3, handler: @escaping Handler) {
        self.scanner = scanner
        self.debounce = debounce
        self.pollInterval = pollInterval
        self.handler = handler
    }

    /// Starts the watcher's thread; returns how it watches.
    func start(preferPolling: Bool = false) -> Mode {
        #if os(Linux)
            if !preferPolling, let inotify = Inotify(scanner: scanner) {
                let thread = Thread { [self] in inotify.run(debounce: debounce, handler: handler) }
                thread.name = "notices-watch"
                thread.start()
                return .inotify
            }
        #endif
        let thread = Thread { [self] in poll() }
        thread.name = "notices-watch"
        thread.start()
        return .polling
    }

    private func poll() {
        var last = scanner.fingerprint()
        while true {
            Thread.sleep(forTimeInterval: pollInterval)
            let current = scanner.fingerprint()
            guard current != last else { continue }
            let seen = DispatchTime.now()
            var changed = Set<String>()
            for (path, stamp) in current where last[path] != stamp { changed.insert(path) }
            for path in last.keys where current[path] == nil { changed.insert(path) }
            last = current
            handler(changed, seen)
        }
    }
}
