import ArgumentParser
import Foundation
import NoticeKit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the site as a build would, without writing anything.",
        discussion: """
            Prints every problem, sorted, as path:line:col: error|warning: message and exits with \
            status 1 on any error (with --strict also on any warning). With GITHUB_ACTIONS=true it also \
            prints ::error / ::warning annotations on standard output.
            """
    )

    @OptionGroup var siteOptions: SiteOptions

    @Flag(name: .long, help: "Treat warnings as errors (exit status 1).")
    var strict = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Check as if it were this moment (date-time or @SECONDS); default: SOURCE_DATE_EPOCH, else the clock.",
            valueName: "time"))
    var now: String?

    @Flag(name: .long, help: "Include drafts.")
    var drafts = false

    @Flag(name: .long, help: "Include notices whose publish_at lies after --now.")
    var future = false

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (found \(jobs))") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: siteOptions.site)
        let environment = ProcessInfo.processInfo.environment
        let sources = SiteReader(root: root).read()
        let configuration = Configuration(sources)
        let settings = configuration.settings
        let instant = try BuildTime.instant(now: now, timeZone: settings.timeZone)
        let time = BuildTime(now: instant, includeDrafts: drafts, includeFuture: future, schedulesByDate: true)
        // Planning finds every problem a build finds (rendering a planned page cannot fail), so
        // check prepares the site without rendering or holding its files.
        let prepared = Build.prepare(
            consume sources, configuration: configuration,
            options: Build.Options(time: time, purpose: .checking, threads: jobs ?? WorkerThreads.count))
        var diagnostics = prepared.diagnostics
        let site = prepared.site
        if prepared.succeeded, let site {
            NotifyRun.check(siteRoot: root, site: site, into: &diagnostics)
        }
        prepared.keepUntilExit()

        let catalog = MessageCatalog.forSite(settings)
        DiagnosticPrinter.print(diagnostics, catalog: catalog)
        if environment["GITHUB_ACTIONS"] == "true" {
            let prefix = Self.workspacePrefix(site: root, workspace: environment["GITHUB_WORKSPACE"])
            let lines = GitHubAnnotations.lines(for: diagnostics, pathPrefix: prefix, catalog: catalog)
            if !lines.isEmpty { FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8)) }
        }
        if diagnostics.hasErrors(strict: strict) {
            if !diagnostics.hasErrors {
                FileHandle.standardError.write(Data("notices: \(Message(.checkFailedStrict).text(in: catalog))\n".utf8))
            }
            throw ExitCode(1)
        }
        let notices = site?.notices.count ?? 0
        let passed = Message(
            .checkPassed,
            [
                "notices": MessageArgument(notices == 1 ? .countNoticeOne : .countNotices, ["count": .number(notices)]),
                "files": .number(prepared.outputCount),
            ])
        FileHandle.standardError.write(Data("notices: \(passed.text(in: catalog))\n".utf8))
    }

    /// The site folder relative to the repository (`GITHUB_WORKSPACE`), with a trailing slash, so
    /// annotation paths point at the right file; "" when the site is the workspace or outside it.
    static func workspacePrefix(site: URL, workspace: String?) -> String {
        guard let workspace, !workspace.isEmpty else { return "" }
        let sitePath = site.standardizedFileURL.resolvingSymlinksInPath().path
        let base = URL(fileURLWithPath: workspace).standardizedFileURL.resolvingSymlinksInPath().path
        let baseWithSlash = base.hasSuffix("/") ? base : base + "/"
        guard sitePath != base, sitePath.hasPrefix(baseWithSlash) else { return "" }
        return String(sitePath.dropFirst(baseWithSlash.count)) + "/"
    }
}
