import ArgumentParser
import Foundation
import NoticeKit
import NoticeServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Preview the site: build it in memory, serve it locally, rebuild and reload the browser on every change.",
        discussion: """
            Drafts and notices scheduled for later are included. Nothing is written to disk. The server \
            listens on 127.0.0.1 only, unless --host names another address.
            """
    )

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "Port to listen on; 0 picks a free one (printed on start).")
    var port: Int = 8000

    @Option(name: .long, help: ArgumentHelp("Address to listen on, e.g. 127.0.0.1 or ::1.", valueName: "address"))
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "Watch by comparing file times every 300 ms instead of inotify.")
    var poll = false

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var jobs: Int?

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535 (found \(port))")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (found \(jobs))") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: siteOptions.site)
        let options = PreviewServer.Options(
            siteRoot: root, host: host, port: UInt16(port), polling: poll,
            threads: jobs ?? WorkerThreads.count)
        do {
            try PreviewServer(options: options).run { url in
                // Standard output carries just this line, so scripts and tests can read the port.
                FileHandle.standardOutput.write(Data("notices: serving \(url)\n".utf8))
                let catalog = MessageCatalog.forSite(Configuration.settings(siteRoot: root))
                FileHandle.standardError.write(
                    Data("notices: \(Message(.serveListening, ["url": .text(url)]).text(in: catalog))\n".utf8))
            }
        } catch let failure as PreviewServer.Failure {
            FileHandle.standardError.write(Data("notices: error: \(PlainText.escaped(failure.description))\n".utf8))
            throw ExitCode(1)
        }
    }
}
