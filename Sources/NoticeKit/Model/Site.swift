/// The validated site: settings, catalog and notices sorted newest first, with list membership
/// (roll-up included) computed once. Every output is a function of this value.
public struct Site: Sendable {
    public var settings: SiteSettings
    public var catalog: Catalog
    /// Newest first, ties by source path.
    public var notices: [Notice]
    /// For each product (by catalog index): indexes into `notices` of the notices on its index.
    public var noticesByProduct: [[Int]]
    /// For each category in `settings.categories` order: indexes into `notices`.
    public var noticesByCategory: [[Int]]

    init(settings: SiteSettings, catalog: Catalog, notices: [Notice]) {
        self.settings = settings
        self.catalog = catalog
        self.notices = notices.sorted(by: Notice.isOrderedBefore)
        var byProduct = [[Int]](repeating: [], count: catalog.products.count)
        var byCategory = [[Int]](repeating: [], count: settings.categories.count)
        let categoryIndex = Dictionary(uniqueKeysWithValues: settings.categories.enumerated().map { ($1.id, $0) })
        for (index, notice) in self.notices.enumerated() {
            for product in notice.reach { byProduct[product].append(index) }
            if let category = categoryIndex[notice.category] { byCategory[category].append(index) }
        }
        noticesByProduct = byProduct
        noticesByCategory = byCategory
    }
}

extension Site {
    /// Reads settings, catalog and notices from `sources`; returns the site when nothing is an error.
    /// Notices are decoded in parallel (`threads`), results kept in input order.
    /// - Parameter reservedAnchors: element ids the templates use, which heading anchors must avoid.
    public static func assemble(from sources: SiteSources, reservedAnchors: Set<String> = [], threads: Int = WorkerThreads.count) -> (Site?, Diagnostics) {
        var diagnostics = Diagnostics(sources.diagnostics)
        let (settings, settingsProblems) = SiteSettings.load(sources.settings)
        diagnostics.append(contentsOf: settingsProblems)
        let (catalog, catalogProblems) = CatalogLoader.load(sources.catalog)
        diagnostics.append(contentsOf: catalogProblems)

        let decoder = NoticeDecoder(settings: settings, catalog: catalog, reservedAnchors: reservedAnchors)
        let results = sources.notices.parallelMap(threads: threads) { decoder.decode($0) }
        var notices: [Notice] = []
        var firstByID: [String: String] = [:]
        for result in results {
            switch result {
            case .failure(let problems):
                diagnostics.append(contentsOf: problems.all)
            case .success(let notice):
                if let other = firstByID[notice.id] {
                    diagnostics.error("notice URL '\(notice.id)' is already taken by \(other); give one of them another 'slug:'", at: notice.location)
                    continue
                }
                firstByID[notice.id] = notice.sourcePath
                notices.append(notice)
            }
        }
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (Site(settings: settings, catalog: catalog, notices: notices), diagnostics)
    }
}
