import Foundation
import PackagePlugin

/// Builds parts of this repository into NoticeKit, so the binary carries them: the default theme
/// and the message catalogs (`templates/`), and what `notices init` writes into a new content
/// repository. Generated at build time, so a change to a template never leaves a stale copy.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let tool = try context.tool(named: "theme-embedder").url
        func command(_ enumName: String, _ mappings: [(destination: String, source: String)]) -> Command {
            let output = context.pluginWorkDirectoryURL.appendingPathComponent(enumName + ".swift")
            let sources = mappings.map { root.appendingPathComponent($0.source) }
            return .buildCommand(
                displayName: "Embedding \(mappings.map(\.source).joined(separator: ", "))",
                executable: tool,
                arguments: [output.path, enumName] + zip(mappings, sources).map { "\($0.0.destination)=\($0.1.path)" },
                inputFiles: sources.flatMap(Self.files),
                outputFiles: [output]
            )
        }
        return [
            command("EmbeddedThemeData", [("templates", "templates")]),
            command(
                "EmbeddedStarterData",
                [
                    ("", "content-template"),
                    ("content/site.yml", "content/site.yml"),
                    ("content/products.yml", "content/products.yml"),
                    ("content/ANLEITUNG.md", "content/ANLEITUNG.md"),
                    (".github/workflows/notices.yml", "docs/ci/github-actions.yml"),
                    (".gitlab-ci.yml", "docs/ci/gitlab-ci.yml"),
                ]),
        ]
    }

    /// `url` itself, or every file below it, so a change to any of them re-runs the embedder.
    static func files(_ url: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [url] }
        let found = enumerator.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        return found.isEmpty ? [url] : found
    }
}
