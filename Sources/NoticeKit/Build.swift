import Foundation

/// The pipeline in one place: read the site folder, assemble and validate, render every output,
/// publish atomically. Only the first and the last step touch the disk.
public enum Build {
    /// Pure: from sources to output files, or the diagnostics that stop the build.
    public static func render(_ sources: SiteSources, threads: Int = WorkerThreads.count) -> (files: [OutputFile]?, diagnostics: Diagnostics) {
        var clock = StageClock()
        let (templates, templateProblems) = TemplateSet.load(sources.templates)
        var (site, diagnostics) = Site.assemble(from: sources, reservedAnchors: templates?.elementIDs ?? [], threads: threads)
        diagnostics.append(contentsOf: templateProblems)
        clock.lap("assemble")
        guard let site, let templates, !diagnostics.hasErrors else { return (nil, diagnostics) }
        let files = SiteRenderer.files(for: site, templates: templates, assets: sources.assets, threads: threads)
        clock.lap("render")
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
        var clock = StageClock()
        let sources = SiteReader(root: siteRoot).read()
        clock.lap("read")
        let (settings, _) = SiteSettings.load(sources.settings)
        let outputFolder = output ?? URL(fileURLWithPath: settings.output, relativeTo: siteRoot.standardizedFileURL)
        var (files, diagnostics) = render(sources, threads: threads)
        guard let files else { return Report(diagnostics: diagnostics, filesWritten: 0, outputFolder: outputFolder) }
        do {
            clock = StageClock()
            try Publisher(siteRoot: siteRoot, output: outputFolder).publish(files)
            clock.lap("publish")
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

/// Prints how long each stage took when `NOTICES_TIMINGS=1` (for profiling; off by default).
struct StageClock {
    private static let enabled = getenv("NOTICES_TIMINGS") != nil
    private var last = DispatchTime.now()

    mutating func lap(_ stage: String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now()
        FileHandle.standardError.write(Data(String(format: "notices: %@ %.3f s\n", stage, Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9).utf8))
        last = now
    }
}
