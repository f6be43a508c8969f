import ArgumentParser
import Foundation
import NoticeKit

/// `notices init DIR`: a new content repository, without a theme (the binary carries it).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Write a new content repository: settings, catalog, an example notice, the editors' guide and CI files.",
        discussion:
            "DIR must be empty or not exist yet. The theme is built into notices; 'notices theme export' writes it out for customising."
    )

    @Argument(help: ArgumentHelp("The folder to write (empty or new).", valueName: "dir"))
    var folder: String

    func run() throws {
        let target = URL(fileURLWithPath: folder)
        let catalog = MessageCatalog.forSite(
            settingsFile: StarterRepository.files.first { $0.path == SiteLayout.settingsPath }
                .map { SourceFile(path: $0.path, bytes: $0.bytes) })
        if let problem = FolderWriter.write(StarterRepository.files, into: target) {
            fail(problem, catalog)
        }
        FileHandle.standardError.write(
            Data("notices: \(Message(.initDone, ["path": .text(folder)]).text(in: catalog))\n".utf8))
    }
}

/// `notices theme export DIR`: the built-in theme as files, to copy the ones a site changes.
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "The theme built into notices.",
        subcommands: [ExportCommand.self]
    )

    struct ExportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the built-in theme (templates, UI strings, assets) into DIR.",
            discussion: """
                A site's templates/ overrides the built-in theme file by file: copy only the files you change \
                into templates/ (same path), so fixes to the others still arrive with new releases of notices.
                """
        )

        @Argument(help: ArgumentHelp("The folder to write (empty or new).", valueName: "dir"))
        var folder: String

        @OptionGroup var siteOptions: SiteOptions

        func run() throws {
            let catalog = MessageCatalog.forSite(
                Configuration.settings(siteRoot: URL(fileURLWithPath: siteOptions.site)))
            let files = BuiltInTheme.exportFiles.map {
                (path: String($0.path.dropFirst("templates/".count)), bytes: $0.bytes)
            }
            if let problem = FolderWriter.write(files, into: URL(fileURLWithPath: folder)) {
                fail(problem, catalog)
            }
            FileHandle.standardError.write(
                Data("notices: \(Message(.themeExported, ["path": .text(folder)]).text(in: catalog))\n".utf8))
        }
    }
}

/// `notices schema`: the JSON Schema of this site's front matter on standard output.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print a JSON Schema (draft 2020-12) of the front matter, with this site's categories and products.",
        discussion: "For editors that complete and check YAML: notices schema > .vscode/notices.schema.json"
    )

    @OptionGroup var siteOptions: SiteOptions

    func run() throws {
        let root = URL(fileURLWithPath: siteOptions.site)
        let reader = SiteReader(root: root)
        var problems = Diagnostics()
        let settings = SiteInput.settings(reader.readSettings(), into: &problems)
        let productCatalog = SiteInput.catalog(reader.readCatalog(), into: &problems)
        let messages = MessageCatalog.forSite(settings)
        let errors = problems.all.filter { $0.severity == .error }
        guard errors.isEmpty else {
            DiagnosticPrinter.print(Diagnostics(errors), catalog: messages)
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(FrontMatterSchema.json(settings: settings, catalog: productCatalog).utf8))
    }
}

/// Prints `notices: error: TEXT [code]` (a problem without a file) in the site's language and
/// exits with status 1.
func fail(_ message: Message, _ catalog: MessageCatalog) -> Never {
    FileHandle.standardError.write(Data((Diagnostic(.error, at: nil, message).line(in: catalog) + "\n").utf8))
    Foundation.exit(1)
}
