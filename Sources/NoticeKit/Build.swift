import Foundation

/// The pipeline in one place: read the site folder, assemble and validate, render every output,
/// publish atomically. Only the first and the last step touch the disk.
public enum Build {
    /// Pure: from sources to output files, or the diagnostics that stop the build.
    public static func render(_ sources: SiteSources, time: BuildTime = BuildTime(now: 0), threads: Int = WorkerThreads.count)
        -> (files: [OutputFile]?, diagnostics: Diagnostics) {
        let (site, files, diagnostics) = renderSite(sources, time: time, threads: threads)
        _ = site
        return (files, diagnostics)
    }

    /// Like `render`, also returning the assembled site (for reporting its next scheduled change).
    public static func renderSite(_ sources: SiteSources, time: BuildTime, threads: Int = WorkerThreads.count)
        -> (site: Site?, files: [OutputFile]?, diagnostics: Diagnostics) {
        var clock = StageClock()
        let (templates, templateProblems) = TemplateSet.load(sources.templates)
        var (site, diagnostics) = Site.assemble(from: sources, time: time, reservedAnchors: templates?.elementIDs ?? [], threads: threads)
        diagnostics.append(contentsOf: templateProblems)
        clock.lap("assemble")
        guard let site, let templates, !diagnostics.hasErrors else { return (nil, nil, diagnostics) }
        let (files, outputProblems) = SiteRenderer.files(for: site, templates: templates, assets: sources.assets, threads: threads)
        diagnostics.append(contentsOf: outputProblems)
        clock.lap("render")
        var seen = Set<String>()
        for file in files where !seen.insert(file.path).inserted {
            diagnostics.error("two outputs would be written to '\(file.path)'", at: SourceLocation(path: SiteLayout.noticesFolder))
        }
        return diagnostics.hasErrors ? (site, nil, diagnostics) : (site, files.sorted { $0.path < $1.path }, diagnostics)
    }

    public struct Report: Sendable {
        public var diagnostics: Diagnostics
        /// Files in the published site; 0 when the build failed.
        public var filesWritten: Int
        public var outputFolder: URL
        /// When the published site goes stale (see `Site.nextChange`), in the site's time zone.
        public var nextChange: NoticeDate?
        public var succeeded: Bool { !diagnostics.hasErrors }
    }

    /// Reads the site at `siteRoot`, builds it and publishes it to `output` (default: the
    /// `output` setting, relative to the site root). Nothing is written when anything fails.
    public static func run(siteRoot: URL, output: URL? = nil, time: BuildTime, threads: Int = WorkerThreads.count) -> Report {
        var clock = StageClock()
        let sources = SiteReader(root: siteRoot).read()
        clock.lap("read")
        let (settings, _) = SiteSettings.load(sources.settings)
        let outputFolder = output ?? URL(fileURLWithPath: settings.output, relativeTo: siteRoot.standardizedFileURL)
        var (site, files, diagnostics) = renderSite(sources, time: time, threads: threads)
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
        let nextChange = site?.nextChange.map { NoticeDate(instant: $0, timeZone: settings.timeZone) }
        return Report(diagnostics: diagnostics, filesWritten: files.count, outputFolder: outputFolder, nextChange: nextChange)
    }

    /// The site's settings (for the time zone `--now` is read in), defaults when unreadable.
    public static func settings(siteRoot: URL) -> SiteSettings {
        let file = SiteReader(root: siteRoot).readSettings()
        return SiteSettings.load(file).0
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
