import Foundation

/// `notices changes` and `notices notify` as library calls: read the site and the published
/// notices.json, compute the changes, and print or deliver them.
public enum NotifyRun {
    /// What `changes` prints; nil when a problem stops it.
    public static func changes(
        siteRoot: URL, since: String?, now: Int64, announcingAll: Bool, remindBefore: Int64?,
        into diagnostics: inout Diagnostics
    ) -> [UInt8]? {
        guard let loaded = load(siteRoot: siteRoot, since: since, now: now, into: &diagnostics) else { return nil }
        let set = ChangeSet.compute(
            published: loaded.published, current: PublishedNotices(site: loaded.site), catalog: loaded.site.catalog,
            now: now, remindBefore: remindBefore, announcingAll: announcingAll)
        return ChangesJSON.document(
            set, since: since, now: NoticeDate(instant: now, timeZone: loaded.site.settings.timeZone))
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

    /// Sends every channel its message; outcomes per channel, in notify.yml order (none when a
    /// problem stops the run before sending).
    public static func notify(
        siteRoot: URL, options: Options, print: (String) -> Void,
        into diagnostics: inout Diagnostics
    ) -> [NotifyOutcome] {
        let start = diagnostics.mark
        guard let loaded = load(siteRoot: siteRoot, since: options.since, now: options.now, into: &diagnostics),
            let file = SiteReader(root: siteRoot).readNotifyConfig(into: &diagnostics)
        else { return [] }
        let site = loaded.site
        let config = NotifyConfig.load(file, catalog: site.catalog, into: &diagnostics)
        let renderer = NotifyRenderer(site: site, templates: loaded.templates)
        diagnostics.append(contentsOf: renderer.templateProblems)
        diagnostics.append(contentsOf: renderer.unknownNames)
        var record: AnnouncementRecord?
        if let path = options.recordPath {
            record = readRecord(path, timeZone: site.settings.timeZone, into: &diagnostics)
        }
        guard let config, var record = record ?? (options.recordPath == nil ? AnnouncementRecord() : nil),
            !diagnostics.hasErrors(since: start)
        else { return [] }
        record.prune(now: options.now, channels: Set(config.channels.map(\.name)))
        let set = ChangeSet.compute(
            published: loaded.published, current: PublishedNotices(site: site), catalog: site.catalog,
            now: options.now, remindBefore: config.remindBefore, announcingAll: options.announcingAll)
        let notifier = Notifier(
            site: site, config: config, renderer: renderer, environment: options.environment, now: options.now)
        let outcomes = notifier.run(set, record: &record, dryRun: options.dryRun, print: print) { record in
            if let path = options.recordPath { try RecordWriter.write(record.serialized(), to: path) }
        }
        return outcomes
    }

    /// Problems of `content/notify.yml` and the notify templates, for `notices check`: a broken
    /// configuration must stop the deploy it would otherwise fail to announce. None when the
    /// site has no notify.yml.
    public static func check(siteRoot: URL, site: Site, into diagnostics: inout Diagnostics) {
        let reader = SiteReader(root: siteRoot)
        guard reader.hasNotifyConfig, let file = reader.readNotifyConfig(into: &diagnostics) else { return }
        _ = NotifyConfig.load(file, catalog: site.catalog, into: &diagnostics)
        diagnostics.append(
            contentsOf: NotifyRenderer.templateProblems(language: site.settings.language, names: reader.templateNames())
        )
    }

    /// The record at `path`; an empty one before the first run (no file yet).
    private static func readRecord(_ path: String, timeZone: TimeZone, into diagnostics: inout Diagnostics)
        -> AnnouncementRecord?
    {
        guard RemoteFile.exists(path) else { return AnnouncementRecord() }
        return RemoteFile.read(path, into: &diagnostics).flatMap {
            AnnouncementRecord.decode($0, path: path, timeZone: timeZone, into: &diagnostics)
        }
    }

    private struct Loaded {
        var site: Site
        var templates: TemplateSet
        var published: PublishedNotices?
    }

    private static func load(siteRoot: URL, since: String?, now: Int64, into diagnostics: inout Diagnostics) -> Loaded?
    {
        let sources = SiteReader(root: siteRoot).read()
        let configuration = Configuration(sources)
        let options = Build.Options(time: BuildTime(now: now), purpose: .checking)
        guard let site = Build.assemble(sources, configuration: configuration, options: options, into: &diagnostics),
            let templates = configuration.templates
        else { return nil }
        guard let since else { return Loaded(site: site, templates: templates, published: nil) }
        let published = RemoteFile.read(since, into: &diagnostics).flatMap {
            PublishedNotices.decode($0, path: since, timeZone: site.settings.timeZone, into: &diagnostics)
        }
        guard let published else { return nil }
        return Loaded(site: site, templates: templates, published: published)
    }
}
