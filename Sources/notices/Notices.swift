import ArgumentParser
import Foundation
import NoticeKit

@main
struct Notices: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "Builds the customer-notice knowledge base from Markdown notices and a product catalog.",
        version: NoticeKitVersion.description,
        subcommands: [BuildCommand.self],
        defaultSubcommand: BuildCommand.self
    )
}

struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder (holding content/ and templates/).", valueName: "dir"))
    var site: String = "."
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the site into the output folder.")

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: ArgumentHelp("Output folder (default: 'output' in content/site.yml, else public/).", valueName: "dir"))
    var output: String?

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (found \(jobs))") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: siteOptions.site)
        let start = Date()
        let report = Build.run(siteRoot: root, output: output.map { URL(fileURLWithPath: $0) }, threads: jobs ?? WorkerThreads.count)
        DiagnosticPrinter.print(report.diagnostics)
        guard report.succeeded else { throw ExitCode(1) }
        let seconds = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(String(format: "notices: built %d files into %@ in %.2f s\n",
                                                   report.filesWritten, report.outputFolder.path, seconds).utf8))
    }
}
