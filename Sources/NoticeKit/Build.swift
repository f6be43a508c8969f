import Foundation

/// The pipeline in one place: read the site folder, assemble and validate, render every output,
/// publish atomically. Only the first and the last step touch the disk.
public enum Build {
    /// Pure: from sources to output files, or the diagnostics that stop the build.
    public static func render(_ sources: SiteSources, threads: Int = WorkerThreads.count) -> (files: [OutputFile]?, diagnostics: Diagnostics) {
        var (site, diagnostics) = Site.assemble(from: sources, threads: threads)
        let (templates, templateProblems) = TemplateSet.load(sources.templates)
        diagnostics.append(contentsOf: templateProblems)
        guard let site, let templates, !diagnostics.hasErrors else { return (nil, diagnostics) }
        let files = SiteRenderer.files(for: site, templates: templates, assets: sources.assets, threads: threads)
        var seen = Set<String>()
        for file in files where !seen.insert(file.path).inserted {
            diagnostics.error("two outputs would be written to '\(file.path)'", at: SourceLocation(path: SiteLayout.noticesFolder))
        }
        return diagnostics.hasErrors ? (nil, diagnostics) : (files.sorted { $0.path < $1.path }, diagnostics)
    }

    public struct Report: Sendable {
        public var diagnostics: Diagnostics
        /// Files in the published site; 0 when the build failed.
        public var filesWritten: Int
        public var outputFolder: URL
        public var succeeded: Bool { !diagnostics.hasErrors }
    }

    /// Reads the site at `siteRoot`, builds it and publishes it to `output` (default: the
    /// `output` setting, relative to the site root). Nothing is written when anything fails.
    public static func run(siteRoot: URL, output: URL? = nil, threads: Int = WorkerThreads.count) -> Report {
        let sources = SiteReader(root: siteRoot).read()
        let (settings, _) = SiteSettings.load(sources.settings)
        let outputFolder = output ?? URL(fileURLWithPath: settings.output, relativeTo: siteRoot.standardizedFileURL)
        var (files, diagnostics) = render(sources, threads: threads)
        guard let files else { return Report(diagnostics: diagnostics, filesWritten: 0, outputFolder: outputFolder) }
        do {
            try Publisher(siteRoot: siteRoot, output: outputFolder).publish(files)
        } catch let problem as Diagnostic {
            diagnostics.append(problem)
            return Report(diagnostics: diagnostics, filesWritten: 0, outputFolder: outputFolder)
        } catch {
            diagnostics.error("could not publish the site: \(error)", at: SourceLocation(path: settings.output))
            return Report(diagnostics: diagnostics, filesWritten: 0, outputFolder: outputFolder)
        }
        return Report(diagnostics: diagnostics, filesWritten: files.count, outputFolder: outputFolder)
    }
}
