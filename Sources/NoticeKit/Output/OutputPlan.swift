import Mustache

/// Every output of a site, planned before anything is rendered: the path of every file and which
/// page job or group produces it. `OutputChecks` finds the problems visible from the plan alone;
/// `build` renders the plan in batches; `serve` renders a file only when a browser asks for it.
/// A new output format is a new group here.
struct OutputPlan: Sendable {
    /// Pages rendered per batch: enough to keep every core busy, few enough to bound memory.
    static let batchSize = 256

    /// Non-page outputs produced together (one feed's entries are shared with the others).
    struct Group: Sendable {
        /// For timings (`NOTICES_TIMINGS=1`).
        var name: String
        var paths: [String]
        /// Hands the group's files to `emit`, a few at a time for groups with large files.
        var produce: @Sendable (_ threads: Int, _ emit: Emit) throws -> Void

        typealias Emit = ([OutputFile]) throws -> Void

        init(name: String, paths: [String], produce: @escaping @Sendable (_ threads: Int, _ emit: Emit) throws -> Void)
        {
            self.name = name
            self.paths = paths
            self.produce = produce
        }

        init(name: String, paths: [String], files: @escaping @Sendable () -> [OutputFile]) {
            self.init(name: name, paths: paths) { _, emit in try emit(files()) }
        }

        /// All files at once (for `serve`, which keeps them). A group may hand out arrays with room
        /// to spare (the JSON documents share one buffer); kept files get arrays of their size.
        func files(threads: Int = WorkerThreads.count) -> [OutputFile] {
            var all: [OutputFile] = []
            try? produce(threads) { files in
                all += files.map {
                    $0.bytes.capacity > $0.bytes.count + 4096
                        ? OutputFile(path: $0.path, bytes: Array($0.bytes[...])) : $0
                }
            }
            return all
        }
    }

    let pages: HTMLPages
    let pageJobs: [HTMLPages.PageJob]
    let pagePaths: [String]
    /// Every non-page output but the redirects.
    let groups: [Group]
    /// Old URLs (`aliases`) as redirect pages, and the redirect maps.
    let redirects: Redirects
    let redirectGroup: Group

    /// - Parameter renderingEverything: true for a build, which renders every page (view values
    ///   are then built up front, in parallel); false for a plan that renders pages on request.
    init(
        site: Site, templates: TemplateSet, assets: [SourceFile], attachments: [SourceFile] = [],
        threads: Int = WorkerThreads.count,
        renderingEverything: Bool = true
    ) {
        let models = ViewModels(site: site, threads: threads, prebuildingItems: renderingEverything)
        let paths = models.paths
        pages = HTMLPages(models: models, templates: templates)
        pageJobs = pages.jobs()
        pagePaths = pageJobs.map { $0.template == "404" ? paths.notFound : paths.file(for: $0.url) }
        let sitemap = Sitemap(paths: paths, pages: pageJobs.filter(\.inSitemap).map { ($0.url, $0.lastModified) })
        groups =
            Self.groups(site: site, models: models, sitemap: sitemap)
            + [Self.assets(assets), Self.attachments(of: site, from: attachments)]
        let redirects = Redirects(site: site, paths: paths)
        // Every alias once; two aliases for one file are an error (`OutputChecks`).
        let aliasFiles = Set(redirects.targets.map { Redirects.file(for: $0.alias.path) }).sorted()
        redirectGroup = Group(name: "redirects", paths: aliasFiles + Self.redirectMaps, files: { redirects.files() })
        self.redirects = redirects
    }

    /// The redirect maps for servers (`Redirects`), written whether or not a notice has aliases.
    static let redirectMaps = ["redirects.nginx.conf", "_redirects"]

    /// Every group, the redirects last (aliases may not overwrite another output).
    var allGroups: [Group] { groups + [redirectGroup] }

    /// The outputs made from the site's values.
    private static func groups(site: Site, models: ViewModels, sitemap: Sitemap) -> [Group] {
        let paths = models.paths
        let states = models.states
        let feeds = AtomFeeds(site: site, paths: paths)
        let json = NoticesJSON(site: site, paths: paths, states: states)
        let calendar = MaintenanceCalendar(site: site, paths: paths, states: states)
        let search = SearchIndex(site: site, paths: paths)
        let status = StatusFiles(site: site, paths: paths, states: states)
        let badges = StatusBadges(site: site, paths: paths, states: states)
        return [
            Group(
                name: "feeds", paths: feeds.feeds.map(\.path),
                files: {
                    var feeds = feeds
                    return feeds.files()
                }),
            Group(name: "json", paths: json.documents.map(\.path)) { threads, emit in
                try json.files(threads: threads, emit: emit)
            },
            Group(name: "calendars", paths: calendar.calendars.map(\.path), files: { calendar.files() }),
            Group(name: "sitemap", paths: sitemap.outputPaths, files: { sitemap.files() }),
            Group(
                name: "status", paths: status.outputPaths + badges.outputPaths,
                files: { status.files() + badges.files() }),
            Group(name: "search", paths: search.outputPaths) { threads, emit in try emit(search.files(threads: threads))
            },
            Group(
                name: "catalog", paths: [paths.catalogJSON], files: { [CatalogJSON(site: site, paths: paths).file()] }),
        ]
    }

    /// The theme's assets, copied unchanged from `templates/assets/` to `assets/`.
    private static func assets(_ assets: [SourceFile]) -> Group {
        let prefix = SiteLayout.assetsFolder + "/"
        let files = assets.map { OutputFile(path: "assets/" + $0.path.dropFirst(prefix.count), bytes: $0.bytes) }
        return Group(name: "assets", paths: files.map(\.path), files: { files })
    }

    /// The files notices link, next to their pages. The paths come from the notices (a plan for
    /// `check` has not read the files), the bytes from what was read.
    private static func attachments(of site: Site, from read: [SourceFile]) -> Group {
        let bytes = Dictionary(read.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let paths = site.notices.flatMap { $0.attachments.map(\.output) }
        let files = site.notices.flatMap { notice in
            notice.attachments.compactMap { attachment in
                bytes[attachment.source].map { OutputFile(path: attachment.output, bytes: $0) }
            }
        }
        return Group(name: "attachments", paths: paths, files: { files })
    }

    /// Renders everything, handing files to `emit` in batches (pages `batchSize` at a time, in parallel).
    func render(threads: Int, emit: ([OutputFile]) throws -> Void) throws {
        var clock = StageClock()
        for start in stride(from: 0, to: pageJobs.count, by: Self.batchSize) {
            try emit(
                pages.render(Array(pageJobs[start..<min(pageJobs.count, start + Self.batchSize)]), threads: threads))
        }
        clock.lap("pages")
        for group in allGroups {
            try group.produce(threads, emit)
            clock.lap(group.name)
        }
    }
}
