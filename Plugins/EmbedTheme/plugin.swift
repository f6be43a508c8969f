import Foundation
import PackagePlugin

/// Builds this package's `templates/` folder into NoticeKit: the default theme and the message
/// catalogs travel inside the binary. Generated at build time, so a change to a template can never
/// leave a stale committed copy behind.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appendingPathComponent("templates")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedThemeData.swift")
        return [.buildCommand(
            displayName: "Embedding the theme from templates/",
            executable: try context.tool(named: "theme-embedder").url,
            arguments: [templates.path, output.path],
            inputFiles: Self.files(below: templates),
            outputFiles: [output]
        )]
    }

    /// Every file below `folder`, so a change to any of them re-runs the embedder.
    static func files(below folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return enumerator.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }
}
