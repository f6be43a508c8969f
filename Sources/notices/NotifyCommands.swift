import ArgumentParser
import Foundation
import NoticeKit

/// `--since`, `--now` and `--all`, shared by `changes` and `notify`.
struct ChangeOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The previously published notices.json: a path or an https:// URL.", valueName: "published"))
    var since: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Compare as if it were this moment (date-time or @SECONDS); default: SOURCE_DATE_EPOCH, else the clock.",
            valueName: "time"))
    var now: String?

    @Flag(
        name: .long,
        help: "Without --since: announce every published notice as new (a first run announces nothing otherwise).")
    var all = false

    func instant(siteRoot: URL) throws -> Int64 {
        let settings = Configuration.settings(siteRoot: siteRoot)
        return try BuildTime.instant(now: now, timeZone: settings.timeZone)
    }
}

struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract:
            "Print, as JSON, what changed between the published notices.json and the site as it would be built now.",
        discussion: "The schema is in docs/outputs.md (\"Changes\") and docs/changes.schema.json."
    )

    @OptionGroup var siteOptions: SiteOptions
    @OptionGroup var changeOptions: ChangeOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also list reminders of maintenance windows starting within this time, e.g. 24h.", valueName: "duration"))
    var remindBefore: String?

    func run() throws {
        let root = URL(fileURLWithPath: siteOptions.site)
        var remind: Int64?
        if let remindBefore {
            guard let seconds = NotifyConfig.parseDuration(remindBefore) else {
                throw ValidationError(
                    "--remind-before must be a duration like 24h, 90m or 2d, at most 30d (found '\(remindBefore)')")
            }
            remind = seconds
        }
        var diagnostics = Diagnostics()
        let bytes = NotifyRun.changes(
            siteRoot: root, since: changeOptions.since, now: try changeOptions.instant(siteRoot: root),
            announcingAll: changeOptions.all, remindBefore: remind, into: &diagnostics)
        DiagnosticPrinter.print(diagnostics, catalog: MessageCatalog.forSite(Configuration.settings(siteRoot: root)))
        guard let bytes else { throw ExitCode(1) }
        FileHandle.standardOutput.write(Data(bytes))
    }
}

struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send each channel of content/notify.yml the changes it has not been told about.",
        discussion: """
            One message per channel per run. Secrets come from the environment variables notify.yml \
            names. With --record, changes a channel has had are never sent to it again and changes a \
            failed channel missed are sent by the next run. Exits with status 1 when a channel failed \
            (the others are still sent). See docs/notify.md.
            """
    )

    @OptionGroup var siteOptions: SiteOptions
    @OptionGroup var changeOptions: ChangeOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The announcement record (announced.json): read, and rewritten after every channel.", valueName: "file"))
    var record: String?

    @Flag(name: .long, help: "Print every message instead of sending it; the record stays as it is.")
    var dryRun = false

    func validate() throws {
        if let record, record.contains("://") {
            throw ValidationError(
                "--record must be a local file, which notify rewrites (found '\(record)'); download the published announced.json first (docs/notify.md)"
            )
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: siteOptions.site)
        var options = NotifyRun.Options(
            since: changeOptions.since, now: try changeOptions.instant(siteRoot: root),
            environment: ProcessInfo.processInfo.environment)
        options.announcingAll = changeOptions.all
        options.dryRun = dryRun
        options.recordPath = record
        var diagnostics = Diagnostics()
        let outcomes = NotifyRun.notify(
            siteRoot: root, options: options,
            print: { text in
                FileHandle.standardOutput.write(Data((text + "\n").utf8))
            }, into: &diagnostics)
        DiagnosticPrinter.print(diagnostics, catalog: MessageCatalog.forSite(Configuration.settings(siteRoot: root)))
        guard !diagnostics.hasErrors else { throw ExitCode(1) }
        var failed = 0
        for outcome in outcomes {
            let line: String
            if let failure = outcome.failure {
                failed += 1
                line =
                    "notices: channel '\(outcome.channel)' failed: \(failure) (\(outcome.changes) change\(outcome.changes == 1 ? "" : "s") kept for the next run)"
            } else if outcome.changes == 0 {
                line = "notices: channel '\(outcome.channel)': nothing new"
            } else {
                line =
                    "notices: channel '\(outcome.channel)': \(dryRun ? "would send" : "sent") \(outcome.changes) change\(outcome.changes == 1 ? "" : "s")"
            }
            FileHandle.standardError.write(Data((PlainText.escaped(line) + "\n").utf8))
        }
        if failed > 0 {
            FileHandle.standardError.write(
                Data("notices: notify failed: \(failed) of \(outcomes.count) channels could not be sent\n".utf8))
            throw ExitCode(1)
        }
    }
}
