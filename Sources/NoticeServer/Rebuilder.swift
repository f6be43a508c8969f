import Dispatch
import Foundation
import NoticeKit

/// Builds the site in memory on its own thread whenever the watcher reports a change (and when
/// the site's next scheduled change is due), and hands the result to `PreviewState`.
/// Requests that arrive during a build are merged into one build after it.
final class Rebuilder: @unchecked Sendable {
    private let cache: SourceCache
    private let state: PreviewState
    private let threads: Int
    private let log: @Sendable (String) -> Void
    private let clock: @Sendable () -> Int64

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var pending = false
    private var dirty = Set<String>()
    private var firstChange: DispatchTime?
    private var nextChange: Int64?

    init(siteRoot: URL, state: PreviewState, threads: Int, log: @escaping @Sendable (String) -> Void,
         clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        cache = SourceCache(root: siteRoot)
        self.state = state
        self.threads = threads
        self.log = log
        self.clock = clock
    }

    var scanner: SiteScanner { cache.scanner }

    /// Asks for a rebuild; `firstChange` is when the watcher saw the first of `paths` change.
    func request(_ paths: Set<String>, firstChange seen: DispatchTime = .now()) {
        condition.lock()
        pending = true
        dirty.formUnion(paths)
        if firstChange == nil { firstChange = seen }
        condition.signal()
        condition.unlock()
    }

    /// The first build, on the calling thread, before the server starts listening.
    @discardableResult
    func buildFirst() -> PreviewState.Status {
        build(dirty: [], firstChange: nil, force: true)
    }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "notices-rebuild"
        // Rendering recurses through templates and Markdown; give it the main thread's room.
        thread.stackSize = 16 << 20
        thread.start()
    }

    private func loop() {
        while true {
            condition.lock()
            var scheduled = false
            while !pending {
                if let next = nextChange {
                    let due = Date(timeIntervalSince1970: TimeInterval(next) + 0.5)
                    if !condition.wait(until: due), !pending {
                        scheduled = true
                        nextChange = nil
                        break
                    }
                } else {
                    condition.wait()
                }
            }
            let paths = dirty
            let seen = firstChange
            dirty = []
            firstChange = nil
            pending = false
            condition.unlock()
            build(dirty: paths, firstChange: seen, force: scheduled)
        }
    }

    @discardableResult
    private func build(dirty: Set<String>, firstChange: DispatchTime?, force: Bool) -> PreviewState.Status {
        let start = DispatchTime.now()
        let read = cache.read(dirty: dirty)
        let afterRead = DispatchTime.now()
        guard read.changed || force else { return state.current }
        let time = BuildTime(now: clock(), includeDrafts: true, includeFuture: true)
        let (site, files, diagnostics) = Build.renderSite(read.sources, time: time, threads: threads)
        let afterRender = DispatchTime.now()
        let status = state.publish(files: files, diagnostics: diagnostics)
        let end = DispatchTime.now()
        if let next = site?.nextChange {
            condition.lock()
            nextChange = next
            condition.unlock()
        }

        DiagnosticPrinter.print(diagnostics)
        func ms(_ from: DispatchTime, _ to: DispatchTime) -> String {
            String(format: "%.0f ms", Double(to.uptimeNanoseconds &- from.uptimeNanoseconds) / 1e6)
        }
        let changedFiles = read.reread.count == 1 ? read.reread[0] : "\(read.reread.count) files changed"
        var breakdown = "read \(ms(start, afterRead)) (\(changedFiles)\(read.listed ? ", folders listed" : "")), build \(ms(afterRead, afterRender)), index \(ms(afterRender, end))"
        if let firstChange {
            breakdown = "debounce \(ms(firstChange, start)), " + breakdown
        }
        let total = ms(firstChange ?? start, end)
        if let files {
            log("notices: build \(status.build): \(files.count) files in \(total) (\(breakdown))")
        } else if status.site > 0 {
            log("notices: build \(status.build) failed in \(total); still serving build \(status.site) (\(breakdown))")
        } else {
            log("notices: build \(status.build) failed in \(total); the browser shows the errors until they are fixed")
        }
        return status
    }
}
