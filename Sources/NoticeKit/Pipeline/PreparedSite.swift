/// A site ready for output, made by `Build.prepare`: its configuration, the assembled site and its
/// checked output plan, with every problem found on the way. `build` renders and publishes it
/// (`Build.publish`), `check` reports it, `serve` renders its files on request (`SitePlan`), and
/// tests render it in memory (`Build.render`).
public struct PreparedSite: Sendable {
    public let configuration: Configuration
    /// Nil when assembling the site failed.
    public let site: Site?
    /// Nil when any problem is an error: nothing may be rendered then.
    let plan: OutputPlan?
    public let diagnostics: Diagnostics

    /// Whether the site may be rendered: no problem is an error.
    public var succeeded: Bool { plan != nil }

    /// How many files the site has; 0 when it failed.
    public var outputCount: Int {
        plan.map { $0.pagePaths.count + $0.allGroups.reduce(0) { $0 + $1.paths.count } } ?? 0
    }

    /// Keeps the site's values allocated until the process exits, for a command that ends right
    /// after: freeing a large site one object at a time costs more than the system's cleanup
    /// (docs/performance.md, "Exit without freeing").
    public func keepUntilExit() {
        _ = Unmanaged.passRetained(Leftovers(self))
    }

    private final class Leftovers: Sendable {
        let prepared: PreparedSite
        init(_ prepared: PreparedSite) { self.prepared = prepared }
    }
}
