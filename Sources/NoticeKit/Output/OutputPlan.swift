import Mustache
/// Every output of a site, planned before anything is rendered: the path of every file, which
/// group produces it, and the problems visible from paths alone (two outputs for one path, an
/// alias that would overwrite a page). `build` renders the plan in batches; `serve` renders a
/// file only when a browser asks for it. A new output format is a new group here.
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

        init(name: String, paths: [String], produce: @escaping @Sendable (_ threads: Int, _ emit: Emit) throws -> Void) {
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
                all += files.map { $0.bytes.capacity > $0.bytes.count + 4096 ? OutputFile(path: $0.path, bytes: Array($0.bytes[...])) : $0 }
            }
            return all
        }
    }

    let pages: HTMLPages
    let pageJobs: [HTMLPages.PageJob]
    let pagePaths: [String]
    let groups: [Group]
    let diagnostics: [Diagnostic]

    /// - Parameter renderingEverything: true for a build, which renders every page (view values
    ///   are then built up front, in parallel); false for a plan that renders pages on request.
    init(site: Site, templates: TemplateSet, assets: [SourceFile], attachments: [SourceFile] = [], threads: Int = WorkerThreads.count,
         renderingEverything: Bool = true) {
        let models = ViewModels(site: site, threads: threads, prebuildingItems: renderingEverything)
        let paths = models.paths
        let states = models.states
        pages = HTMLPages(models: models, templates: templates)
        pageJobs = pages.jobs()
        pagePaths = pageJobs.map { $0.template == "404" ? paths.notFound : paths.file(for: $0.url) }

        let feeds = AtomFeeds(site: site, paths: paths)
        let json = NoticesJSON(site: site, paths: paths, states: states)
        let calendar = MaintenanceCalendar(site: site, paths: paths, states: states)
        let search = SearchIndex(site: site, paths: paths)
        let status = StatusFiles(site: site, paths: paths, states: states)
        let badges = StatusBadges(site: site, paths: paths, states: states)
        let sitemap = Sitemap(paths: paths, pages: pageJobs.filter(\.inSitemap).map { ($0.url, $0.lastModified) })
        let assetPrefix = SiteLayout.assetsFolder + "/"
        let assetFiles = assets.map { OutputFile(path: "assets/" + $0.path.dropFirst(assetPrefix.count), bytes: $0.bytes) }
        let attachmentBytes = Dictionary(attachments.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        // Paths from the notices (a plan for `check` has not read the files); files from what was read.
        let attachmentPaths = site.notices.flatMap { $0.attachments.map(\.output) }
        let attachmentFiles = site.notices.flatMap { notice in
            notice.attachments.compactMap { attachment in attachmentBytes[attachment.source].map { OutputFile(path: attachment.output, bytes: $0) } }
        }
        var groups: [Group] = [
            Group(name: "feeds", paths: feeds.feeds.map(\.path), files: { var feeds = feeds; return feeds.files() }),
            Group(name: "json", paths: json.documents.map(\.path)) { threads, emit in try json.files(threads: threads, emit: emit) },
            Group(name: "calendars", paths: calendar.calendars.map(\.path), files: { calendar.files() }),
            Group(name: "sitemap", paths: sitemap.outputPaths, files: { sitemap.files() }),
            Group(name: "status", paths: status.outputPaths + badges.outputPaths, files: { status.files() + badges.files() }),
            Group(name: "search", paths: search.outputPaths) { threads, emit in try emit(search.files(threads: threads)) },
            Group(name: "catalog", paths: [paths.catalogJSON], files: { [CatalogJSON(site: site, paths: paths).file()] }),
            Group(name: "assets", paths: assetFiles.map(\.path), files: { assetFiles }),
            Group(name: "attachments", paths: attachmentPaths, files: { attachmentFiles }),
        ]

        var diagnostics: [Diagnostic] = []
        // One real context per page kind shows which names the templates can use.
        // Keys that appear only when some notice has a window, updates, a table of contents…
        var vocabulary: Set<String> = ["content", "start", "end", "display", "phase", "phase_label", "datetime", "body",
                                       "has_url", "text", "level", "number", "is_current", "year", "count",
                                       "is_address", "address", "href"]
        var seenKinds = Set<String>()
        for job in pageJobs where seenKinds.insert(job.template).inserted {
            Self.collectKeys(.object(job.context()), into: &vocabulary)
        }
        diagnostics += templates.unknownNames(vocabulary: vocabulary, strings: site.strings)
        let redirectMaps = ["redirects.nginx.conf", "_redirects"]
        var taken = Set<String>()
        for path in pagePaths + groups.flatMap(\.paths) + redirectMaps where !taken.insert(path).inserted {
            diagnostics.append(.error(.outputClash, ["path": .text(path)], at: nil)) // two outputs: no source is to blame
        }
        // Aliases come last: one that would overwrite a real output, or need a folder where an
        // output is a file (or a file where one is a folder), is an error at its line.
        var aliasOwner: [String: String] = [:]
        let redirects = Redirects(site: site, paths: paths)
        let takenFolders = Self.folders(of: taken)
        var aliasFiles: [(file: String, target: Redirects.Target)] = []
        for target in redirects.targets {
            let file = Redirects.file(for: target.alias.path)
            let clash = Self.folders(of: [file]).sorted().first(where: taken.contains)
            if taken.contains(file) {
                let owner = site.notices.first { paths.file(for: paths.notice($0)) == file }.map { MessageArgument(.pageOf, ["path": .text($0.sourcePath)]) } ?? .empty
                diagnostics.append(.error(.aliasCollides, ["alias": .text(target.alias.path), "file": .text(file), "owner": owner], at: target.alias.location))
            } else if let clash {
                diagnostics.append(.error(.aliasNeedsFolder, ["alias": .text(target.alias.path), "folder": .text(clash)], at: target.alias.location))
            } else if takenFolders.contains(file) {
                diagnostics.append(.error(.aliasIsFolder, ["alias": .text(target.alias.path), "file": .text(file)], at: target.alias.location))
            } else if let other = aliasOwner[file] {
                diagnostics.append(.error(.aliasTwice, ["alias": .text(target.alias.path), "other": .text(other)], at: target.alias.location))
            } else {
                aliasOwner[file] = target.notice.sourcePath
                aliasFiles.append((file, target))
            }
        }
        // Between aliases: `/a.html` and `/a.html/b` cannot both be written.
        let aliasFolders = Self.folders(of: Set(aliasFiles.map(\.file)))
        for (file, target) in aliasFiles where aliasFolders.contains(file) {
            diagnostics.append(.error(.aliasIsAliasFolder, ["alias": .text(target.alias.path), "file": .text(file)], at: target.alias.location))
        }
        if !diagnostics.contains(where: { $0.severity == .error }) {
            groups.append(Group(name: "redirects", paths: aliasOwner.keys.sorted() + redirectMaps, files: { redirects.files() }))
        }
        self.groups = groups
        self.diagnostics = diagnostics
    }

    /// Every folder the files at `paths` lie in (`a/b/c.html` -> `a`, `a/b`).
    private static func folders(of paths: some Sequence<String>) -> Set<String> {
        var folders = Set<String>()
        for path in paths {
            var folder = path[...]
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if !folders.insert(String(folder)).inserted { break }
            }
        }
        return folders
    }

    static func collectKeys(_ value: TemplateValue, into keys: inout Set<String>) {
        switch value {
        case .object(let object):
            for (key, inner) in object.pairs {
                keys.insert(key)
                // The texts under `t` are checked by their full names (`TemplateSet.unknownNames`).
                if key != "t" { collectKeys(inner, into: &keys) }
            }
        case .list(let items):
            // Lists repeat one shape; a few items show every key.
            for item in items.prefix(3) { collectKeys(item, into: &keys) }
        default:
            break
        }
    }

    /// Renders everything, handing files to `emit` in batches (pages `batchSize` at a time, in parallel).
    func render(threads: Int, emit: ([OutputFile]) throws -> Void) throws {
        var clock = StageClock()
        for start in stride(from: 0, to: pageJobs.count, by: Self.batchSize) {
            try emit(pages.render(Array(pageJobs[start..<min(pageJobs.count, start + Self.batchSize)]), threads: threads))
        }
        clock.lap("pages")
        for group in groups {
            try group.produce(threads, emit)
            clock.lap(group.name)
        }
    }
}
