import Foundation
import NoticeKit

/// What the preview server serves: the files of the last good build, and the outcome of the
/// latest build (its errors are shown in the browser while the last good site stays served).
/// Shared between the rebuild thread (writes) and the request handlers (read, wait).
public final class PreviewState: @unchecked Sendable {
    /// The answer of `/__notices/status` and `/__notices/events`.
    public struct Status: Codable, Sendable, Equatable {
        /// Number of the latest build, good or not (0 before the first).
        public var build: Int
        /// Number of the build whose files are served (0 while no build has succeeded).
        public var site: Int
        /// Identifies the served site across server restarts; pages carry it and reload when it changes.
        public var page: String
        /// `path:line:col: error: message` of the latest build, sorted.
        public var errors: [String]
        public var warnings: [String]
        /// The heading of the browser's error box, in the site's language ("" without errors):
        /// it may speak of a last good state only when there is one.
        public var heading: String = ""
        /// The language of the texts (`lang` of the error page).
        public var language: String = "en"
    }

    /// A built site held in memory; files may be rendered only when first asked for.
    struct Files: Sendable {
        var number: Int
        var page: String
        var file: @Sendable (String) -> [UInt8]?
    }

    private let lock = NSLock()
    private let instance: String
    private var served: Files?
    private var status: Status
    private var waiters: [ObjectIdentifier: Waiter] = [:]
    private var stopping = false

    public init() {
        instance = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        status = Status(build: 0, site: 0, page: "\(instance)-0", errors: [], warnings: [])
    }

    public var current: Status {
        lock.withLock { status }
    }

    /// The files of the site being served, nil while no build has succeeded.
    var site: Files? {
        lock.withLock { served }
    }

    var isStopping: Bool {
        lock.withLock { stopping }
    }

    /// Records a build: its files (nil when it failed, keeping the last good site) and diagnostics.
    /// Wakes every request waiting for a change.
    @discardableResult
    public func publish(files: [OutputFile]?, diagnostics: Diagnostics, catalog: MessageCatalog = .english) -> Status {
        var lookup: (@Sendable (String) -> [UInt8]?)?
        if let files {
            var dictionary = [String: [UInt8]](minimumCapacity: files.count)
            for file in files { dictionary[file.path] = file.bytes }
            let index = dictionary
            lookup = { index[$0] }
        }
        return publish(lookup: lookup, diagnostics: diagnostics, catalog: catalog)
    }

    /// Records a build prepared for serving (`SitePlan`): its pages are rendered when first requested.
    @discardableResult
    public func publish(plan: SitePlan?, diagnostics: Diagnostics, catalog: MessageCatalog = .english) -> Status {
        var lookup: (@Sendable (String) -> [UInt8]?)?
        if let plan {
            lookup = { path in plan.file(at: path) }
        }
        return publish(lookup: lookup, diagnostics: diagnostics, catalog: catalog)
    }

    private func publish(lookup: (@Sendable (String) -> [UInt8]?)?, diagnostics: Diagnostics, catalog: MessageCatalog)
        -> Status
    {
        let sorted = diagnostics.sorted
        let errors = sorted.filter { $0.severity == .error }.map { $0.line(in: catalog) }
        let warnings = sorted.filter { $0.severity == .warning }.map { $0.line(in: catalog) }
        let (result, woken): (Status, [Waiter]) = lock.withLock {
            status.build += 1
            if let lookup {
                status.site = status.build
                status.page = "\(instance)-\(status.build)"
                served = Files(number: status.build, page: status.page, file: lookup)
            }
            status.errors = errors
            status.warnings = warnings
            status.language = catalog.language
            status.heading =
                errors.isEmpty
                ? ""
                : Message(status.site > 0 ? .serveBoxKeepsLast : .serveBoxNoneYet, ["count": .number(errors.count)])
                    .text(in: catalog)
            let woken = Array(waiters.values)
            waiters = [:]
            return (status, woken)
        }
        woken.forEach { $0.finish(lock) }
        return result
    }

    /// Returns when a build newer than `build` has finished, after `timeout`, or at shutdown.
    func waitForChange(after build: Int, timeout: Duration) async {
        let waiter = Waiter()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow: Bool = self.lock.withLock {
                        if waiter.done || self.status.build != build || self.stopping {
                            waiter.done = true
                            return true
                        }
                        waiter.continuation = continuation
                        self.waiters[ObjectIdentifier(waiter)] = waiter
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            self.lock.withLock { _ = self.waiters.removeValue(forKey: ObjectIdentifier(waiter)) }
            waiter.finish(self.lock)
        }
    }

    /// Releases every waiting request and makes later waits return at once (for shutdown).
    func stop() {
        let woken: [Waiter] = lock.withLock {
            stopping = true
            let woken = Array(waiters.values)
            waiters = [:]
            return woken
        }
        woken.forEach { $0.finish(lock) }
    }

    /// One request waiting for a change; its fields are guarded by the state's lock.
    private final class Waiter: @unchecked Sendable {
        var continuation: CheckedContinuation<Void, Never>?
        var done = false

        func finish(_ lock: NSLock) {
            let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
                done = true
                defer { self.continuation = nil }
                return self.continuation
            }
            continuation?.resume()
        }
    }
}
