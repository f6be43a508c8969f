import ArgumentParser
import Foundation
import NoticeKit

@main
struct Notices: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "Builds the customer-notice knowledge base from Markdown notices and a product catalog.",
        version: "\(NoticeKitVersion.description) (cmark-gfm \(MarkdownRenderer.cmarkVersion))",
        subcommands: [
            BuildCommand.self, CheckCommand.self, NewCommand.self, ServeCommand.self, ChangesCommand.self,
            NotifyCommand.self,
            InitCommand.self, ThemeCommand.self, SchemaCommand.self,
        ],
        defaultSubcommand: BuildCommand.self
    )
}

struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder (holding content/ and templates/).", valueName: "dir"))
    var site: String = "."
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Build the site into the output folder.")

    @OptionGroup var siteOptions: SiteOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Output folder (default: 'output' in content/site.yml, else public/).", valueName: "dir"))
    var output: String?

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var jobs: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Build as if it were this moment (date-time or @SECONDS); default: SOURCE_DATE_EPOCH, else the clock.",
            valueName: "time"))
    var now: String?

    @Flag(name: .long, help: "Include drafts (for preview; never for publishing).")
    var drafts = false

    @Flag(name: .long, help: "Include notices whose publish_at lies after --now.")
    var future = false

    @Flag(name: .long, help: "A preview (for pull requests): --drafts and --future, and no search engine may index it.")
    var preview = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (found \(jobs))") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: siteOptions.site)
        let start = Date()
        let reader = SiteReader(root: root)
        let sources = reader.read()
        let configuration = Configuration(sources)
        let settings = configuration.settings
        let instant = try BuildTime.instant(now: now, timeZone: settings.timeZone)
        let time = BuildTime(
            now: instant, includeDrafts: drafts || preview, includeFuture: future || preview, schedulesByDate: true)
        let threads = jobs ?? WorkerThreads.count
        let prepared = Build.prepare(
            consume sources, configuration: configuration, options: Build.Options(time: time, threads: threads),
            readAttachments: reader.readAttachments)
        let report = Build.publish(
            prepared, siteRoot: root, output: output.map { URL(fileURLWithPath: $0) }, preview: preview,
            threads: threads)
        prepared.keepUntilExit()
        let catalog = MessageCatalog.forSite(settings)
        DiagnosticPrinter.print(report.diagnostics, catalog: catalog)
        guard report.succeeded else { throw ExitCode(1) }
        let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
        let built = Message(
            .built,
            [
                "count": .number(report.filesWritten), "path": .text(PlainText.escaped(report.outputFolder.path)),
                "seconds": .text(seconds),
            ])
        var summary = "notices: \(built.text(in: catalog))\n"
        if let next = report.nextChange {
            summary += "notices: \(Message(.nextChange, ["time": .text(next.rfc3339DateTime)]).text(in: catalog))\n"
        }
        let paths = SitePaths(settings: settings)
        if paths.basePath != "/" {
            // Crawlers read robots.txt only at the host's root, never under the site's sub-path.
            let note = Message(
                .robotsSubPath, ["path": .text(paths.basePath), "sitemap": .text(paths.absolute("sitemap.xml"))])
            summary += "notices: \(note.text(in: catalog))\n"
        }
        FileHandle.standardError.write(Data(summary.utf8))
    }
}
