import Foundation

/// The pipeline, one stage per line: sources -> configuration -> notice heads -> link table ->
/// notices -> site -> output plan -> its checks -> files or a published folder. Each stage is one
/// value made in a file of its own (`Pipeline/`), and writes its problems into one `Diagnostics`.
/// Reading (`SiteReader`) and publishing (`Publisher`) are the only steps that touch the disk.
public enum Build {
    /// Reads the attachments published notices link that the sources hold only by path.
    public typealias AttachmentReader = ([String], inout Diagnostics) -> [SourceFile]

    /// From sources to a checked output plan, the one value `build`, `check`, `serve` and the
    /// tests consume. `configuration` is loaded from `sources` unless the caller has loaded it
    /// (`build` reads `--now` in the site's time zone).
    /// - Parameter readAttachments: for `build`, which reads only the attachments notices link.
    public static func prepare(
        _ sources: consuming SiteSources, configuration: Configuration? = nil, options: Options = Options(),
        readAttachments: AttachmentReader? = nil
    ) -> PreparedSite {
        let configuration = if let configuration { configuration } else { Configuration(sources) }
        var diagnostics = Diagnostics()
        if options.purpose == .checking {
            diagnostics.append(contentsOf: ThemeContract.warnings(for: configuration.templateFiles))
        }
        let assets = sources.assets
        var attachments = sources.attachments
        let failed = { (diagnostics: Diagnostics) in
            PreparedSite(configuration: configuration, site: nil, plan: nil, diagnostics: diagnostics)
        }
        // Handing the sources over lets assembling free each notice's text once it is decoded.
        let site = assemble(consume sources, configuration: configuration, options: options, into: &diagnostics)
        guard let site, let templates = configuration.templates else { return failed(diagnostics) }
        if let readAttachments {
            let linked = Set(site.notices.flatMap { $0.attachments.map(\.source) }).subtracting(attachments.map(\.path))
            attachments += readAttachments(linked.sorted(), &diagnostics)
        }
        guard !diagnostics.hasErrors else {
            return PreparedSite(configuration: configuration, site: site, plan: nil, diagnostics: diagnostics)
        }
        var clock = StageClock()
        let plan = OutputPlan(
            site: site, templates: templates, assets: assets, attachments: attachments, threads: options.threads,
            renderingEverything: options.purpose == .rendering)
        OutputChecks.check(plan, site: site, templates: templates, into: &diagnostics)
        if options.purpose == .checking, !diagnostics.hasErrors {
            diagnostics.append(contentsOf: EditorialWarnings.unusedProducts(site))
        }
        clock.lap("plan")
        return PreparedSite(
            configuration: configuration, site: site, plan: diagnostics.hasErrors ? nil : plan, diagnostics: diagnostics
        )
    }

    /// From sources to the site: every notice decoded, linked and checked. Returns nil when any
    /// problem is an error, after every notice has been checked (all problems at once).
    public static func assemble(
        _ sources: consuming SiteSources, configuration: Configuration, options: Options,
        into diagnostics: inout Diagnostics
    ) -> Site? {
        var clock = StageClock()
        diagnostics.append(contentsOf: sources.diagnostics + configuration.diagnostics)
        let settings = configuration.settings
        let catalog = configuration.catalog
        let time = options.time
        let decoder = NoticeDecoder(
            settings: settings, catalog: catalog, reservedAnchors: configuration.reservedAnchors,
            rendersHTML: options.rendersHTML, schedulesByDate: time.schedulesByDate)
        options.cache?.prepare(
            context: configuration.decodingKey + [0, options.rendersHTML ? 1 : 0, time.schedulesByDate ? 1 : 0])
        options.cache?.keep(only: Set(sources.notices.map(\.path)))
        let paths = SitePaths(settings: settings)
        let attachments = sources.attachmentPaths
        let localLinks = NoticeLinker(notices: nil, attachments: attachments, catalog: catalog, paths: paths)
        var files = sources.notices
        sources.notices = []
        let heads = NoticeHeads.decode(
            &files, decoder: decoder, localLinks: localLinks, time: time, cache: options.cache,
            threads: options.threads, into: &diagnostics)
        clock.lap("notice heads")
        let links = LinkTable(heads, attachments: attachments, catalog: catalog, paths: paths, into: &diagnostics)
        let notices = FinishedNotices(
            heads, links: links, decoder: decoder, settings: settings, time: time, cache: options.cache,
            threads: options.threads, into: &diagnostics)
        clock.lap("notices")
        guard let strings = configuration.strings, !diagnostics.hasErrors else { return nil }
        return Site(
            settings: settings, strings: strings, catalog: catalog, notices: notices.notices, time: time,
            nextChange: heads.nextChange(after: time, links: links))
    }

    /// Every file of a prepared site, sorted by path; nil when it failed.
    public static func render(_ prepared: PreparedSite, threads: Int = WorkerThreads.count) -> [OutputFile]? {
        guard let plan = prepared.plan else { return nil }
        var files: [OutputFile] = []
        // Only `emit` could throw, and collecting does not.
        try? plan.render(threads: threads) { files += $0 }
        return files.sorted { $0.path < $1.path }
    }

    /// Renders a prepared site into a staging folder beside `output` (default: the `output`
    /// setting, relative to the site root) and swaps it in at the end; on any problem the staging
    /// folder is dropped and the published site stays as it was.
    /// - Parameter preview: marks the build as a preview no search engine indexes (`PreviewMarking`).
    public static func publish(
        _ prepared: PreparedSite, siteRoot: URL, output: URL? = nil, preview: Bool = false,
        threads: Int = WorkerThreads.count
    ) -> Report {
        let settings = prepared.configuration.settings
        let outputFolder = output ?? URL(fileURLWithPath: settings.output, relativeTo: siteRoot.standardizedFileURL)
        var report = Report(diagnostics: prepared.diagnostics, filesWritten: 0, outputFolder: outputFolder)
        guard let plan = prepared.plan, let site = prepared.site else { return report }
        var clock = StageClock()
        var written = 0
        do {
            let session = try Publisher(siteRoot: siteRoot, output: outputFolder).begin()
            do {
                try plan.render(threads: threads) { files in
                    try session.write(preview ? files.map(PreviewMarking.apply) : files)
                    written += files.count
                }
                try session.commit()
            } catch {
                session.abort()
                throw error
            }
        } catch {
            report.diagnostics.append(
                (error as? Diagnostic)
                    ?? .error(.publishFailed, ["detail": .text("\(error)")], at: nil))
            return report
        }
        clock.lap("render+publish")
        report.filesWritten = written
        report.nextChange = site.nextChange.map { NoticeDate(instant: $0, timeZone: settings.timeZone) }
        return report
    }
}
