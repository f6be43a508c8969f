import Foundation

/// The pipeline in one place: read the site folder, assemble and validate, render every output,
/// publish atomically. Only the first and the last step touch the disk.
public enum Build {
    /// Pure: from sources to output files, or the diagnostics that stop the build.
    public static func render(_ sources: SiteSources, time: BuildTime = BuildTime(now: 0), threads: Int = WorkerThreads.count)
        -> (files: [OutputFile]?, diagnostics: Diagnostics) {
        let (_, files, diagnostics) = renderSite(sources, time: time, threads: threads)
        return (files, diagnostics)
    }

    /// Like `render`, also returning the assembled site (for reporting its next scheduled change).
    public static func renderSite(_ sources: SiteSources, time: BuildTime, threads: Int = WorkerThreads.count)
        -> (site: Site?, files: [OutputFile]?, diagnostics: Diagnostics) {
        let (prepared, diagnostics) = prepare(sources, time: time, threads: threads)
        guard let prepared else { return (nil, nil, diagnostics) }
        var files: [OutputFile] = []
        let (site, templates) = prepared
        var all = diagnostics
        let plan = OutputPlan(site: site, templates: templates, assets: sources.assets, attachments: sources.attachments, threads: threads)
        all.append(contentsOf: plan.diagnostics)
        guard !all.hasErrors else { return (site, nil, all) }
        // Only `emit` could throw, and collecting does not.
        try? plan.render(threads: threads) { files += $0 }
        return (site, files.sorted { $0.path < $1.path }, all)
    }

    /// The site planned but not rendered: every output path is known and checked, files are
    /// rendered on request (`SitePlan.file(at:)`). For `serve`, where a change must show in
    /// milliseconds. `cache` keeps decoded notices between calls.
    ///
    /// - Parameter forCheckingOnly: true finds every problem a build finds but renders no notice
    ///   body (`notices check`): the plan's notice pages would show empty bodies.
    public static func plan(_ sources: consuming SiteSources, time: BuildTime, cache: NoticeCache? = nil,
                            threads: Int = WorkerThreads.count, forCheckingOnly: Bool = false) -> (plan: SitePlan?, diagnostics: Diagnostics) {
        let assets = sources.assets, attachments = sources.attachments
        let (prepared, diagnostics) = prepare(consume sources, time: time, cache: cache, threads: threads, rendersHTML: !forCheckingOnly)
        guard let (site, templates) = prepared else { return (nil, diagnostics) }
        var all = diagnostics
        let plan = OutputPlan(site: site, templates: templates, assets: assets, attachments: attachments, threads: threads,
                              renderingEverything: false)
        all.append(contentsOf: plan.diagnostics)
        return (all.hasErrors ? nil : SitePlan(site: site, plan: plan), all)
    }

    /// Templates and site, or the diagnostics that stop the build before anything is rendered.
    static func prepare(_ sources: consuming SiteSources, time: BuildTime, cache: NoticeCache? = nil, threads: Int,
                        rendersHTML: Bool = true) -> ((Site, TemplateSet)?, Diagnostics) {
        var clock = StageClock()
        var templateProblems = Diagnostics()
        let templates = TemplateSet.load(sources.templates, into: &templateProblems)
        var (site, diagnostics) = Site.assemble(from: consume sources, time: time, reservedAnchors: templates?.elementIDs ?? [],
                                                cache: cache, threads: threads, rendersHTML: rendersHTML)
        diagnostics.append(contentsOf: templateProblems)
        clock.lap("assemble")
        guard let site, let templates, !diagnostics.hasErrors else { return (nil, diagnostics) }
        return ((site, templates), diagnostics)
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
    /// `output` setting, relative to the site root). Pages are written into a staging folder as
    /// they are rendered and swapped in at the end; on any problem the staging folder is dropped
    /// and the published site stays as it was.
    /// - Parameter preview: marks the build as a preview no search engine indexes (`PreviewMarking`).
    /// - Parameter freeingMemory: false leaves the site's values allocated when the build is done,
    ///   for a process that exits right after: freeing 10,000 notices one object at a time took
    ///   0.1 s on one thread, which the system does at exit in no time.
    public static func run(siteRoot: URL, output: URL? = nil, time: BuildTime, threads: Int = WorkerThreads.count,
                           preview: Bool = false, freeingMemory: Bool = true) -> Report {
        var clock = StageClock()
        let sources = SiteReader(root: siteRoot).read()
        clock.lap("read")
        var ignored = Diagnostics() // reported by `prepare`, which reads the settings again
        let settings = SiteSettings.load(sources.settings, into: &ignored)
        let outputFolder = output ?? URL(fileURLWithPath: settings.output, relativeTo: siteRoot.standardizedFileURL)
        let failed = { (diagnostics: Diagnostics) in Report(diagnostics: diagnostics, filesWritten: 0, outputFolder: outputFolder) }
        let assets = sources.assets, attachments = sources.attachments
        // Handing the sources over lets assembling free each notice's text once it is decoded.
        var (prepared, diagnostics) = prepare(consume sources, time: time, threads: threads)
        guard let (site, templates) = prepared else { return failed(diagnostics) }
        // Only the attachments published notices link are read (a stray 600 MB file is not).
        let linked = Set(site.notices.flatMap { $0.attachments.map(\.source) }).subtracting(attachments.map(\.path))
        let linkedFiles = SiteReader(root: siteRoot).readAttachments(linked.sorted(), into: &diagnostics)
        guard !diagnostics.hasErrors else { return failed(diagnostics) }
        let plan = OutputPlan(site: site, templates: templates, assets: assets, attachments: attachments + linkedFiles, threads: threads)
        diagnostics.append(contentsOf: plan.diagnostics)
        guard !diagnostics.hasErrors else { return failed(diagnostics) }
        clock.lap("plan")

        clock = StageClock()
        let session: PublishSession
        do {
            session = try Publisher(siteRoot: siteRoot, output: outputFolder).begin()
        } catch {
            diagnostics.append(asDiagnostic(error, output: settings.output))
            return failed(diagnostics)
        }
        var written = 0
        do {
            try plan.render(threads: threads) { files in
                try session.write(preview ? files.map(PreviewMarking.apply) : files)
                written += files.count
            }
            try session.commit()
        } catch {
            session.abort()
            diagnostics.append(asDiagnostic(error, output: settings.output))
            return failed(diagnostics)
        }
        clock.lap("render+publish (total)")
        if !freeingMemory { _ = Unmanaged.passRetained(Leftovers(site: site, plan: plan)) }
        let nextChange = site.nextChange.map { NoticeDate(instant: $0, timeZone: settings.timeZone) }
        return Report(diagnostics: diagnostics, filesWritten: written, outputFolder: outputFolder, nextChange: nextChange)
    }

    private static func asDiagnostic(_ error: any Error, output: String) -> Diagnostic {
        (error as? Diagnostic) ?? .error(.publishFailed, ["detail": .text("\(error)")], at: nil)
    }

    /// Findings `notices check` adds to a build's own: catalog products no notice concerns.
    public static func checkOnlyWarnings(_ site: Site) -> [Diagnostic] {
        EditorialWarnings.unusedProducts(site)
    }

    /// `notices check`'s warnings about a site's own templates that lack what the built-in ones use.
    public static func themeContractWarnings(_ templates: [SourceFile]) -> [Diagnostic] {
        ThemeContract.warnings(for: templates)
    }

    /// The site's settings (for the time zone `--now` is read in), defaults when unreadable.
    public static func settings(siteRoot: URL) -> SiteSettings {
        let file = SiteReader(root: siteRoot).readSettings()
        var ignored = Diagnostics() // the build reports them
        return SiteSettings.load(file, into: &ignored)
    }
}

/// What a build leaves allocated on purpose (`Build.run(freeingMemory: false)`).
private final class Leftovers: Sendable {
    let site: Site
    let plan: OutputPlan

    init(site: Site, plan: OutputPlan) {
        self.site = site
        self.plan = plan
    }
}

/// Prints how long each stage took when `NOTICES_TIMINGS=1` (for profiling; off by default).
struct StageClock {
    private static let enabled = getenv("NOTICES_TIMINGS") != nil
    private var last = DispatchTime.now()

    mutating func lap(_ stage: String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now()
        FileHandle.standardError.write(Data(String(format: "notices: %@ %.3f s (%@)\n", stage,
                                                   Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9, Self.memory()).utf8))
        last = now
    }

    /// Resident and peak memory from /proc (Linux), e.g. `rss 210 MB, peak 380 MB`.
    private static func memory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "memory unknown" }
        func megabytes(_ key: String) -> String {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
                  let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return "?" }
            return "\(kilobytes / 1024) MB"
        }
        return "rss \(megabytes("VmRSS")), peak \(megabytes("VmHWM"))"
    }
}
