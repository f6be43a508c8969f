import ArgumentParser
import Foundation
import NoticeKit

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a new notice: writes content/notices/YEAR/SLUG.md with front matter and a body skeleton.",
        discussion: """
            Example: notices new "Wartung am Mailserver" --category wartung --products drkcms-v7,drkcms-v9
            The products and the category are checked against the catalog and site.yml as a build \
            checks them. An existing file is never overwritten.
            """
    )

    @Argument(help: "The notice's headline.")
    var title: String

    @Option(name: .long, help: "A category id from content/site.yml (shipped: stoerung, wartung, sicherheit, info).")
    var category: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Catalog ids, separated by commas (or give the option again); 'all' means every product.", valueName: "ids")
    )
    var products: [String]

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The notice's date (2026-12-01 or 2026-12-01T09:30); default: today in the site's time zone.",
            valueName: "date"))
    var date: String?

    @Option(name: .long, help: "The URL name (default: made from the title).")
    var slug: String?

    @Flag(name: .long, help: "Mark the notice as a draft (shown by 'serve', never published).")
    var draft = false

    @OptionGroup var siteOptions: SiteOptions

    func run() throws {
        let root = URL(fileURLWithPath: siteOptions.site)
        var settingsProblems = Diagnostics()
        let settings = SiteInput.settings(SiteReader(root: root).readSettings(), into: &settingsProblems)
        let catalog = MessageCatalog.forSite(settings)
        try stopOnErrors(settingsProblems, catalog)
        guard let catalogFile = SiteReader(root: root).readCatalog() else {
            fail(Message(.noCatalog, ["path": .text(SiteLayout.catalogPath)]), catalog)
        }
        var catalogProblems = Diagnostics()
        let productCatalog = SiteInput.catalog(catalogFile, into: &catalogProblems)
        try stopOnErrors(catalogProblems, catalog)

        let noticeDate = resolvedDate(settings: settings, catalog: catalog)
        if let slug, !Slug.isValid(slug) {
            let suggestion = Slug.make(slug)
            fail(
                Message(
                    .newBadSlug,
                    [
                        "found": .text(slug),
                        "hint": suggestion.isEmpty
                            ? .empty : MessageArgument(.tryInstead, ["suggestion": .text(suggestion)]),
                    ]), catalog)
        }

        let ids = products.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard !ids.isEmpty else { fail(Message(.newNoProducts), catalog) }
        let request = NoticeScaffold.Request(
            title: title, category: category, products: ids, date: noticeDate, slug: slug, draft: draft)
        var problems = Diagnostics()
        let scaffold = NoticeScaffold.make(request, settings: settings, catalog: productCatalog, into: &problems)
        // Without a scaffold only the errors that prevented it matter. The problems have no file
        // (there is none yet), so each line starts `notices: error:`, without a count.
        for problem in problems.all where scaffold != nil || problem.severity == .error {
            FileHandle.standardError.write(Data((problem.line(in: catalog) + "\n").utf8))
        }
        guard let scaffold else { throw ExitCode(1) }

        let shown = try write(scaffold, root: root, catalog: catalog)
        FileHandle.standardOutput.write(Data((shown + "\n").utf8))
    }

    /// Writes the new notice, never over an existing file or beside one that takes its URL;
    /// returns its path as shown to the editor.
    private func write(_ scaffold: NoticeScaffold, root: URL, catalog: MessageCatalog) throws -> String {
        let target = root.appendingPathComponent(scaffold.path)
        let shown = display(scaffold.path)
        if FileManager.default.fileExists(atPath: target.path) {
            fail(Message(.newFileExists, ["path": .text(shown)]), catalog)
        }
        let folder = target.deletingLastPathComponent()
        let slugName = target.deletingPathExtension().lastPathComponent
        let clash = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.sorted().first { name in
            name.hasSuffix(".md") && !SiteLayout.isIgnored(name: name)
                && Slug.make(String(name.dropLast(3))) == slugName
        }
        if let clash {
            let year = (scaffold.path as NSString).deletingLastPathComponent
            fail(Message(.newURLTaken, ["path": .text(display(year + "/" + clash))]), catalog)
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(scaffold.text.utf8).write(to: target, options: .withoutOverwriting)
        } catch {
            fail(
                Message(.newCannotWrite, ["path": .text(shown), "detail": .text(error.localizedDescription)]), catalog)
        }
        return shown
    }

    /// `--date`, else today in the site's time zone (by `SOURCE_DATE_EPOCH` or the clock).
    private func resolvedDate(settings: SiteSettings, catalog: MessageCatalog) -> NoticeDate {
        if let date {
            guard let parsed = NoticeDate.parse(date, timeZone: settings.timeZone) else {
                fail(Message(.newBadDate, ["found": .text(date), "hint": SiteInput.isoHint(for: date)]), catalog)
            }
            return parsed
        }
        let instant: Int64
        switch BuildTime.resolve(now: nil, timeZone: settings.timeZone) {
        case .success(let value): instant = value
        case .failure(let error): fail(Message(.newBadTime, ["detail": .text(error.message)]), catalog)
        }
        let today = NoticeDate(instant: instant, timeZone: settings.timeZone)
        return NoticeDate.parse(today.isoDate, timeZone: settings.timeZone) ?? today
    }

    /// A site-relative path as the editor can open it from where the command ran.
    private func display(_ path: String) -> String {
        let site = siteOptions.site
        if site == "." || site == "./" { return path }
        return (site.hasSuffix("/") ? site : site + "/") + path
    }

    private func stopOnErrors(_ problems: Diagnostics, _ catalog: MessageCatalog) throws {
        let errors = problems.all.filter { $0.severity == .error }
        guard !errors.isEmpty else { return }
        DiagnosticPrinter.print(Diagnostics(errors), catalog: catalog)
        throw ExitCode(1)
    }
}
