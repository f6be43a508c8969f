/// The validated site: settings, catalog and notices sorted newest first, with list membership
/// (roll-up included) computed once. Every output is a function of this value.
public struct Site: Sendable {
    public var settings: SiteSettings
    /// The UI texts of `settings.language`.
    var strings: UIStrings
    public var catalog: Catalog
    /// Newest first, ties by source path.
    public var notices: [Notice]
    /// For each product (by catalog index): indexes into `notices` of the notices on its index.
    public var noticesByProduct: [[Int]]
    /// For each category in `settings.categories` order: indexes into `notices`.
    public var noticesByCategory: [[Int]]
    /// Years with notices, newest first, each with indexes into `notices`.
    public var noticesByYear: [(year: Int, notices: [Int])]
    /// Indexes into `notices` of current notices (`NoticeState.isCurrent`), most severe first.
    public var current: [Int]
    /// For each product: its current notices (roll-up), most severe first.
    public var currentByProduct: [[Int]]
    public var time: BuildTime
    /// The state of every catalog node at `time.now` (roll-up), by catalog index.
    public var status: ProductStatus
    /// The next moment after `time.now` at which this site's output changes (a scheduled notice
    /// appears, a window starts or ends, a notice expires); nil when nothing is scheduled.
    public var nextChange: Int64?

    init(settings: SiteSettings, strings: UIStrings, catalog: Catalog, notices: [Notice], time: BuildTime = BuildTime(now: 0),
         nextChange: Int64? = nil) {
        self.settings = settings
        self.strings = strings
        self.catalog = catalog
        self.time = time
        self.nextChange = nextChange
        // Sorting indices moves integers instead of whole notices.
        self.notices = notices.indices.sorted { Notice.isOrderedBefore(notices[$0], notices[$1]) }.map { notices[$0] }
        var byProduct = [[Int]](repeating: [], count: catalog.products.count)
        var byCategory = [[Int]](repeating: [], count: settings.categories.count)
        let categoryIndex = Dictionary(uniqueKeysWithValues: settings.categories.enumerated().map { ($1.id, $0) })
        for (index, notice) in self.notices.enumerated() {
            for product in notice.reach { byProduct[product].append(index) }
            if let category = categoryIndex[notice.category] { byCategory[category].append(index) }
        }
        noticesByProduct = byProduct
        noticesByCategory = byCategory
        var byYear: [Int: [Int]] = [:]
        for (index, notice) in self.notices.enumerated() { byYear[notice.date.year, default: []].append(index) }
        noticesByYear = byYear.keys.sorted(by: >).map { ($0, byYear[$0]!) }
        let sorted = self.notices
        func severityOrder(_ a: Int, _ b: Int) -> Bool {
            let x = sorted[a], y = sorted[b]
            if x.state.severity != y.state.severity { return x.state.severity < y.state.severity }
            // Upcoming windows soonest first; everything else keeps the list order.
            if let p = x.lifecycle.window, let q = y.lifecycle.window, x.state.windowPhase == .upcoming, p.start != q.start {
                return p.start < q.start
            }
            return a < b
        }
        current = sorted.indices.filter { sorted[$0].state.isCurrent }.sorted(by: severityOrder)
        currentByProduct = byProduct.map { $0.filter { sorted[$0].state.isCurrent }.sorted(by: severityOrder) }
        status = ProductStatus(catalog: catalog, notices: sorted)
    }
}

extension Site {
    /// Reads settings, catalog and notices from `sources`; returns the site when nothing is an error.
    /// Notices are decoded in parallel (`threads`), results kept in input order.
    /// - Parameter reservedAnchors: element ids the templates use, which heading anchors must avoid.
    /// - Parameter cache: decoded notices from an earlier call, reused where nothing changed.
    /// - Parameter rendersHTML: false for checking only: every diagnostic, but bodies without HTML.
    public static func assemble(from sources: consuming SiteSources, time: BuildTime = BuildTime(now: 0), reservedAnchors: Set<String> = [],
                                cache: NoticeCache? = nil, threads: Int = WorkerThreads.count,
                                rendersHTML: Bool = true) -> (Site?, Diagnostics) {
        var diagnostics = Diagnostics(sources.diagnostics)
        let settings = SiteSettings.load(sources.settings, into: &diagnostics)
        let strings = StringsLoader.load(sources.strings, language: settings.language,
                                         languageLocation: settings.languageLocation, into: &diagnostics)
        // Derived labels say "(ab 2014)" in the site's language.
        let catalog = strings.map { strings in CatalogLoader.load(sources.catalog, sinceText: { strings.since(["year": String($0)]) }, into: &diagnostics) }
            ?? CatalogLoader.load(sources.catalog, into: &diagnostics)

        let decoder = NoticeDecoder(settings: settings, catalog: catalog, reservedAnchors: reservedAnchors, rendersHTML: rendersHTML,
                                    schedulesByDate: time.schedulesByDate)
        if let cache {
            // Decoding depends on the settings, the catalog, the theme's anchors and whether bodies
            // get HTML: any change there invalidates every cached notice.
            cache.prepare(context: (sources.settings?.bytes ?? []) + [0] + (sources.catalog?.bytes ?? []) + [0]
                          + Array(reservedAnchors.sorted().joined(separator: "\n").utf8) + [0, rendersHTML ? 1 : 0, time.schedulesByDate ? 1 : 0])
            cache.keep(only: Set(sources.notices.map(\.path)))
        }

        // Pass 1: each notice's front matter, then its body when this build publishes it. A body
        // that links to another notice's file needs every notice's URL and is rendered again in
        // pass 2; most link none. Memory stays bounded: a batch's bytes are dropped once decoded,
        // and rendered bodies replace the text (a large site would otherwise hold its text two or
        // three times). The bytes are only freed when the caller gave up its copy of `sources`
        // (`consume`), as `Build.run` does.
        var clock = StageClock()
        let paths = SitePaths(settings: settings)
        let attachments = sources.attachmentPaths
        let localLinker = NoticeLinker(notices: nil, attachments: attachments, catalog: catalog, paths: paths)
        var files = sources.notices
        sources.notices = []
        var decoded = decodeInOnePass(&files, decoder: decoder, linker: localLinker, time: time, cache: cache, threads: threads)
        clock.lap("notices")
        var included: [(head: NoticeDecoder.Head, problems: Diagnostics, finished: Checked<Notice>?)] = []
        var targets: [String: NoticeLinker.Target] = [:]
        var firstByID: [String: String] = [:]
        var nextChange: Int64?
        func consider(_ date: NoticeDate?) {
            guard let instant = date?.instant, instant > time.now else { return }
            nextChange = min(nextChange ?? instant, instant)
        }
        for (result, finished) in decoded {
            switch result.value {
            case nil:
                diagnostics.append(contentsOf: result.diagnostics)
            case let head?:
                // Drafts and scheduled notices claim their URL too, so a clash shows before publication.
                if let other = firstByID[head.id] {
                    diagnostics.error(.duplicateNoticeURL, ["id": .text(head.id), "other": .text(other)],
                                      at: SourceLocation(path: head.path))
                    continue
                }
                firstByID[head.id] = head.path
                if !head.lifecycle.draft || time.includeDrafts {
                    [head.lifecycle.publishAt, head.lifecycle.expiresAt, head.lifecycle.window?.start, head.lifecycle.window?.end].forEach(consider)
                }
                let published = Self.isPublished(head.lifecycle, at: time)
                targets[head.path] = NoticeLinker.Target(url: paths.notice(id: head.id), published: published)
                // The front matter's warnings show with the notice, so a draft's stay silent like its page.
                if published { included.append((head, result.diagnostics, finished)) }
            }
        }
        decoded = []

        // Pass 2: bodies that link to other notices, now that every notice's URL is known.
        let linker = NoticeLinker(notices: targets, attachments: attachments, catalog: catalog, paths: paths)
        let linking = included.indices.filter { included[$0].finished == nil }
        let linkingHeads = linking.map { included[$0].head }
        let linked = linkingHeads.parallelMap(threads: threads) { head in
            let result = Checked { decoder.finish(head, linker: linker, into: &$0) }
            cache?.store(head.path, finished: result)
            return result
        }
        for (index, result) in zip(linking, linked) { included[index].finished = result }
        clock.lap("linked bodies")
        var notices: [Notice] = []
        for (_, headProblems, finished) in included {
            guard let finished, let notice = finished.value else { continue }
            diagnostics.append(contentsOf: headProblems)
            diagnostics.append(contentsOf: finished.diagnostics)
            let scheduled = notice.lifecycle.publishAt.map { $0.instant > time.now } ?? false
            notices.append(notice.at(NoticeState(notice.lifecycle, now: time.now, preview: notice.lifecycle.draft || scheduled)))
        }

        let statusLocations = Dictionary(uniqueKeysWithValues: included.map { ($0.head.path, $0.head.statusLocation) })
        for notice in notices {
            if let stale = EditorialWarnings.staleOngoing(notice, location: statusLocations[notice.sourcePath] ?? nil,
                                                          now: time.now, days: settings.staleOngoingDays) {
                diagnostics.append(stale)
            }
        }

        // Then links to headings, now that every body's anchors are known.
        let anchorsBySource = Dictionary(uniqueKeysWithValues: notices.map { ($0.sourcePath, $0.body.headings.map(\.id)) })
        for notice in notices {
            for check in notice.anchorChecks {
                guard let anchors = anchorsBySource[check.targetSource], !anchors.contains(check.fragment),
                      !check.fragment.hasPrefix("fn") else { continue }
                let which = check.targetSource == notice.sourcePath ? MessageArgument(.thisNotice) : .text(check.targetSource)
                diagnostics.error(.unknownHeading, ["fragment": .text(check.fragment), "notice": which, "hint": Suggestions.hint(for: check.fragment, in: anchors)],
                                  at: check.location)
            }
        }
        guard let strings, !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (Site(settings: settings, strings: strings, catalog: catalog, notices: notices, time: time, nextChange: nextChange), diagnostics)
    }

    /// A notice after pass 1: its front matter (or the errors), and its finished body unless it
    /// is not published or links to other notices.
    typealias Decoded = (head: Checked<NoticeDecoder.Head>, finished: Checked<Notice>?)

    /// Pass 1 over `files` in batches, in parallel; empties `files` as it goes.
    private static func decodeInOnePass(_ files: inout [SourceFile], decoder: NoticeDecoder, linker: NoticeLinker, time: BuildTime,
                                        cache: NoticeCache?, threads: Int) -> [Decoded] {
        var decoded: [Decoded] = []
        decoded.reserveCapacity(files.count)
        for batch in batches(files.count) {
            decoded += Array(files[batch]).parallelMap(threads: threads) { file -> Decoded in
                var head: Checked<NoticeDecoder.Head>
                if let hit = cache?.head(file) {
                    head = hit
                } else {
                    head = Checked { decoder.decodeHead(file, into: &$0) }
                    cache?.store(file, head: head)
                }
                guard let success = head.value, isPublished(success.lifecycle, at: time) else { return (head, nil) }
                if let hit = cache?.finished(success.path) { return (head, hit) }
                let finished = Checked { decoder.finishIfLinksAreLocal(success, linker: linker, into: &$0) }
                guard finished.value != nil else { return (head, nil) }
                cache?.store(success.path, finished: finished)
                head.value?.body = "" // rendered: the text is not needed again
                return (head, finished)
            }
            for index in batch { files[index].bytes = [] }
        }
        files = []
        return decoded
    }

    /// Whether a build at `time` publishes a notice: drafts and scheduled ones only on request.
    static func isPublished(_ lifecycle: Lifecycle, at time: BuildTime) -> Bool {
        let scheduled = lifecycle.publishAt.map { $0.instant > time.now } ?? false
        return !(lifecycle.draft && !time.includeDrafts) && !(scheduled && !time.includeFuture)
    }

    /// Notices decoded per batch: enough to keep every core busy, few enough that text and
    /// results of one batch are all that is held twice.
    static let batchSize = 256

    static func batches(_ count: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: batchSize).map { $0..<min(count, $0 + batchSize) }
    }
}
