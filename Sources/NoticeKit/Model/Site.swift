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

    init(
        settings: SiteSettings, strings: UIStrings, catalog: Catalog, notices: [Notice],
        time: BuildTime = BuildTime(now: 0),
        nextChange: Int64? = nil
    ) {
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
            let x = sorted[a]
            let y = sorted[b]
            if x.state.severity != y.state.severity { return x.state.severity < y.state.severity }
            // Upcoming windows soonest first; everything else keeps the list order.
            if let p = x.lifecycle.window, let q = y.lifecycle.window, x.state.windowPhase == .upcoming,
                p.start != q.start
            {
                return p.start < q.start
            }
            return a < b
        }
        current = sorted.indices.filter { sorted[$0].state.isCurrent }.sorted(by: severityOrder)
        currentByProduct = byProduct.map { $0.filter { sorted[$0].state.isCurrent }.sorted(by: severityOrder) }
        status = ProductStatus(catalog: catalog, notices: sorted)
    }
}
