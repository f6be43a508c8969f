import Foundation

/// A planned site whose files are rendered when first asked for and then kept (for `serve`).
/// Safe to use from many threads.
public final class SitePlan: @unchecked Sendable {
    public let site: Site
    /// Every output path, sorted.
    public let paths: [String]
    private let plan: OutputPlan
    private let pageIndex: [String: Int]
    private let groupIndex: [String: Int]
    private let lock = NSLock()
    private var rendered: [String: [UInt8]] = [:]

    private let groups: [OutputPlan.Group]

    /// The plan of a prepared site; nil when it failed.
    public init?(_ prepared: PreparedSite) {
        guard let plan = prepared.plan, let site = prepared.site else { return nil }
        self.site = site
        self.plan = plan
        groups = plan.allGroups
        pageIndex = Dictionary(uniqueKeysWithValues: plan.pagePaths.enumerated().map { ($1, $0) })
        var groupIndex: [String: Int] = [:]
        for (index, group) in groups.enumerated() {
            for path in group.paths { groupIndex[path] = index }
        }
        self.groupIndex = groupIndex
        paths = (plan.pagePaths + groups.flatMap(\.paths)).sorted()
    }

    public func contains(_ path: String) -> Bool {
        pageIndex[path] != nil || groupIndex[path] != nil
    }

    /// The file's bytes, rendered on first request; nil for a path the site does not have.
    public func file(at path: String) -> [UInt8]? {
        if let done = lock.withLock({ rendered[path] }) { return done }
        if let page = pageIndex[path] {
            let bytes = plan.pages.render([plan.pageJobs[page]], threads: 1)[0].bytes
            lock.withLock { rendered[path] = bytes }
            return bytes
        }
        guard let group = groupIndex[path] else { return nil }
        // A group is produced once, whole (its files share work); concurrent askers may race to
        // produce it, which is harmless: the output is the same.
        let files = groups[group].files()
        return lock.withLock {
            for file in files { rendered[file.path] = file.bytes }
            return rendered[path]
        }
    }
}
