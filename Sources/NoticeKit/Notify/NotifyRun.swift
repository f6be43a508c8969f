import Foundation

/// `notices changes` and `notices notify` as library calls: read the site and the published
/// notices.json, compute the changes, and print or deliver them.
public enum NotifyRun {
    /// What `changes` prints, or the diagnostics that stop it.
    public static func changes(siteRoot: URL, since: String?, now: Int64, announcingAll: Bool, remindBefore: Int64?) -> ([UInt8]?, Diagnostics) {
        let (loaded, diagnostics) = load(siteRoot: siteRoot, since: since, now: now)
        guard let loaded else { return (nil, diagnostics) }
        let set = ChangeSet.compute(published: loaded.published, current: PublishedNotices(site: loaded.site), catalog: loaded.site.catalog,
                                    now: now, remindBefore: remindBefore, announcingAll: announcingAll)
        return (ChangesJSON.document(set, since: since, now: NoticeDate(instant: now, timeZone: loaded.site.settings.timeZone)), diagnostics)
    }

    public struct Options: Sendable {
        public var since: String?
        public var announcingAll = false
        public var dryRun = false
        /// The announcement record, read and rewritten in place; nil keeps none (every run
        /// announces everything it finds).
        public var recordPath: String?
        public var now: Int64
        public var environment: [String: String]

        public init(since: String?, now: Int64, environment: [String: String]) {
            self.since = since
            self.now = now
            self.environment = environment
        }
    }

    /// Sends every channel its message; outcomes per channel, in notify.yml order.
    public static func notify(siteRoot: URL, options: Options, print: (String) -> Void) -> ([NotifyOutcome], Diagnostics) {
        var (loaded, diagnostics) = load(siteRoot: siteRoot, since: options.since, now: options.now)
        guard let loaded else { return ([], diagnostics) }
        let site = loaded.site
        let (file, readProblems) = SiteReader(root: siteRoot).readNotifyConfig()
        diagnostics.append(contentsOf: readProblems)
        guard let file else { return ([], diagnostics) }
        let (config, configProblems) = NotifyConfig.load(file, catalog: site.catalog)
        diagnostics.append(contentsOf: configProblems)
        let renderer = NotifyRenderer(site: site, templates: loaded.templates)
        diagnostics.append(contentsOf: renderer.templateProblems)
        diagnostics.append(contentsOf: renderer.unknownNames)
        var record = AnnouncementRecord()
        if let path = options.recordPath {
            switch readRecord(path, timeZone: site.settings.timeZone) {
            case .success(let value): record = value
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        guard let config, !diagnostics.hasErrors else { return ([], diagnostics) }
        record.prune(now: options.now, channels: Set(config.channels.map(\.name)))
        let set = ChangeSet.compute(published: loaded.published, current: PublishedNotices(site: site), catalog: site.catalog,
                                    now: options.now, remindBefore: config.remindBefore, announcingAll: options.announcingAll)
        let notifier = Notifier(site: site, config: config, renderer: renderer, environment: options.environment, now: options.now)
        let outcomes = notifier.run(set, record: &record, dryRun: options.dryRun, print: print) { record in
            if let path = options.recordPath { try RecordWriter.write(record.serialized(), to: path) }
        }
        return (outcomes, diagnostics)
    }

    /// Problems of `content/notify.yml` and the notify templates, for `notices check`: a broken
    /// configuration must stop the deploy it would otherwise fail to announce. None when the
    /// site has no notify.yml.
    public static func checkProblems(siteRoot: URL, site: Site) -> [Diagnostic] {
        let reader = SiteReader(root: siteRoot)
        guard reader.hasNotifyConfig else { return [] }
        let (file, readProblems) = reader.readNotifyConfig()
        guard let file else { return readProblems }
        return readProblems + NotifyConfig.load(file, catalog: site.catalog).1
            + NotifyRenderer.templateProblems(language: site.settings.language, names: reader.templateNames())
    }

    /// The record at `path`; an empty one before the first run (no file yet).
    private static func readRecord(_ path: String, timeZone: TimeZone) -> Result<AnnouncementRecord, Diagnostic> {
        RemoteFile.readIfPresent(path).flatMap { bytes in
            guard let bytes else { return .success(AnnouncementRecord()) }
            return AnnouncementRecord.decode(bytes, path: path, timeZone: timeZone)
        }
    }

    private struct Loaded {
        var site: Site
        var templates: TemplateSet
        var published: PublishedNotices?
    }

    private static func load(siteRoot: URL, since: String?, now: Int64) -> (Loaded?, Diagnostics) {
        let sources = SiteReader(root: siteRoot).read()
        let configuration = Configuration(sources)
        var diagnostics = Diagnostics()
        let site = Build.assemble(sources, configuration: configuration, options: Build.Options(time: BuildTime(now: now), purpose: .checking),
                                  into: &diagnostics)
        guard let site, let templates = configuration.templates else { return (nil, diagnostics) }
        var published: PublishedNotices?
        if let since {
            switch RemoteFile.read(since).flatMap({ PublishedNotices.decode($0, path: since, timeZone: site.settings.timeZone) }) {
            case .success(let value): published = value
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (Loaded(site: site, templates: templates, published: published), diagnostics)
    }
}
