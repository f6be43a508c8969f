import Dispatch
import Foundation
import NoticeKit

/// Builds the site in memory on its own thread whenever the watcher reports a change (and when
/// the site's next scheduled change is due), and hands the result to `PreviewState`.
/// Requests that arrive during a build are merged into one build after it.
final class Rebuilder: @unchecked Sendable {
    private let cache: SourceCache
    private let notices = NoticeCache()
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

    init(
        siteRoot: URL, state: PreviewState, threads: Int, log: @escaping @Sendable (String) -> Void,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
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
        let time = BuildTime(now: clock(), includeDrafts: true, includeFuture: true, schedulesByDate: true)
        // Planned, not rendered: pages are rendered when a browser asks for them, and unchanged
        // notices are not decoded again, so one saved notice shows within milliseconds.
        let prepared = Build.prepare(
            read.sources, options: Build.Options(time: time, purpose: .serving, threads: threads, cache: notices))
        let plan = SitePlan(prepared)
        let site = plan?.site
        let afterRender = DispatchTime.now()
        let catalog = MessageCatalog.forSite(prepared.configuration.settings)
        // The terminal hears about problems before any browser can ask for the new status.
        DiagnosticPrinter.print(prepared.diagnostics, catalog: catalog)
        let status = state.publish(plan: plan, diagnostics: prepared.diagnostics, catalog: catalog)
        let end = DispatchTime.now()
        if let next = site?.nextChange {
            condition.lock()
            nextChange = next
            condition.unlock()
        }

        func ms(_ from: DispatchTime, _ to: DispatchTime) -> String {
            String(format: "%.0f ms", Double(to.uptimeNanoseconds &- from.uptimeNanoseconds) / 1e6)
        }
        let changedFiles = read.reread.count == 1 ? read.reread[0] : "\(read.reread.count) files changed"
        var breakdown =
            "read \(ms(start, afterRead)) (\(changedFiles)\(read.listed ? ", folders listed" : "")), build \(ms(afterRead, afterRender)), index \(ms(afterRender, end))"
        if let firstChange {
            breakdown = "debounce \(ms(firstChange, start)), " + breakdown
        }
        let total = ms(firstChange ?? start, end)
        let line = Self.summary(
            status: status, plannedFiles: plan?.paths.count, changed: status.build == 1 ? [] : read.reread,
            errors: status.errors.count)
        log("notices: " + line.text(in: catalog) + (Self.showsTimings ? " (\(total): \(breakdown))" : ""))
        return status
    }

    /// Timings are for whoever profiles the server, not for editors.
    static let showsTimings = ProcessInfo.processInfo.environment["NOTICES_TIMINGS"] == "1"

    /// The line an editor reads after each rebuild.
    /// - Parameter plannedFiles: the files of the new site; nil when the build failed.
    static func summary(status: PreviewState.Status, plannedFiles: Int?, changed: [String], errors: Int) -> Message {
        if let plannedFiles {
            if status.build == 1 { return Message(.serveBuilt, ["count": .number(plannedFiles)]) }
            return changed.count == 1
                ? Message(.serveUpdatedFile, ["file": .text(changed[0])])
                : Message(.serveUpdated, ["count": .number(changed.count)])
        }
        return Message(status.site > 0 ? .serveFailedKeepsLast : .serveFailedNoneYet, ["count": .number(errors)])
    }
}
