/// The client-side search index, split so the first search downloads little however large the site:
/// - `search.json`: products, categories, every notice's title, date (days since 1970, then days
///   before the previous notice),
///   category, products (roll-up applied, as an index into the distinct sets `reaches`) and whether
///   it is current, and the list of terms of headings and summaries;
/// - `search/terms/N.json`: postings for a consecutive range of those terms, loaded only for the
///   terms a query word occurs in;
/// - `search/text/N.json`: `[id, summary]` of `textShardSize` notices (the URL is the id put into the
///   manifest's `url` pattern), loaded for the hits shown: they show their titles at once and
///   become links with a summary when their shard is in.
/// The browser folds case, umlauts and ß itself, so the index holds text as written.
struct SearchIndex {
    static let textShardSize = 50
    static let termShardPostings = 4096

    let site: Site
    let paths: SitePaths
    /// The notices in the order hits of equal score are shown: newest date first, then by title
    /// (code point order), so the browser only has to sort by score.
    private let notices: [Notice]
    private let terms: SearchTerms

    init(site: Site, paths: SitePaths) {
        self.site = site
        self.paths = paths
        notices = site.notices.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.date.isoDate != y.date.isoDate { return x.date.isoDate > y.date.isoDate }
            if !x.title.unicodeScalars.elementsEqual(y.title.unicodeScalars) {
                return x.title.unicodeScalars.lexicographicallyPrecedes(y.title.unicodeScalars)
            }
            return a.offset < b.offset
        }.map(\.element)
        terms = SearchTerms(headings: notices.map(Self.headings), summaries: notices.map(\.summary))
    }

    func files(threads: Int = WorkerThreads.count) -> [OutputFile] {
        let terms = self.terms
        let termShards = terms.shards(budget: Self.termShardPostings)
        let termPaths = termShards.indices.map(Self.termPath)
        let manifest = self.manifest(terms: terms, termShards: termShards, termPaths: termPaths)
        let termFiles = Array(zip(termPaths, termShards)).parallelMap(threads: threads) { path, range in
            OutputFile(
                path: path, bytes: JSONValue.array(range.map { Self.postings(terms.postings[$0]) }).serializedBytes())
        }
        let textFiles = Array(textPaths.enumerated()).parallelMap(threads: threads) { shard, path in
            let range = (shard * Self.textShardSize)..<min(notices.count, (shard + 1) * Self.textShardSize)
            let texts = range.map { JSONValue.array([.string(notices[$0].id), .string(notices[$0].summary)]) }
            return OutputFile(path: path, bytes: JSONValue.array(texts).serializedBytes())
        }
        return [OutputFile(path: paths.searchIndex, bytes: manifest.serializedBytes())] + termFiles + textFiles
    }

    var outputPaths: [String] {
        [paths.searchIndex] + terms.shards(budget: Self.termShardPostings).indices.map(Self.termPath) + textPaths
    }

    private var textPaths: [String] {
        (0..<((notices.count + Self.textShardSize - 1) / Self.textShardSize)).map { "search/text/\($0 + 1).json" }
    }

    private static func termPath(_ shard: Int) -> String { "search/terms/\(shard + 1).json" }

    /// `##` and `###` headings, the ones a table of contents shows.
    private static func headings(_ notice: Notice) -> String {
        notice.body.headings.filter { $0.level <= 3 }.map(\.text).joined(separator: " · ")
    }

    private func manifest(terms: SearchTerms, termShards: [Range<Int>], termPaths: [String]) -> JSONValue {
        let products: [JSONValue] = site.catalog.products.map { product in
            .object([
                ("id", .string(product.id)), ("label", .string(product.label)), ("name", .string(product.name)),
                ("parent", product.parent.map { .int($0) } ?? .null), ("url", .string(paths.product(product.id))),
            ])
        }
        let categories = site.settings.categories
        let categoryIndex = Dictionary(
            categories.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var reaches: [[Int]] = []
        var reachIndex: [[Int]: Int] = [:]
        let reach = notices.map { notice in
            if let known = reachIndex[notice.reach] { return known }
            reaches.append(notice.reach)
            reachIndex[notice.reach] = reaches.count - 1
            return reaches.count - 1
        }
        let days = notices.map(\.date.dayNumber)
        return .object([
            ("version", .int(2)),
            ("count", .int(notices.count)),
            ("products", .array(products)),
            ("categories", .array(categories.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) })),
            ("url", .string(paths.notice(id: "{id}"))),
            ("reaches", .array(reaches.map { .array($0.map(JSONValue.int)) })),
            (
                "notices",
                .object([
                    ("title", .array(notices.map { .string($0.title) })),
                    ("day", .array(days.indices.map { .int($0 == 0 ? days[0] : days[$0 - 1] - days[$0]) })),
                    (
                        "category",
                        .array(notices.map { categoryIndex[$0.category].map(JSONValue.int) ?? .string($0.category) })
                    ),
                    ("reach", .array(reach.map(JSONValue.int))),
                    ("current", .array(notices.indices.filter { notices[$0].state.isCurrent }.map(JSONValue.int))),
                ])
            ),
            ("terms", .array(terms.terms.map(JSONValue.string))),
            (
                "termShards",
                .array(
                    zip(termPaths, termShards).map { .object([("path", .string($0)), ("first", .int($1.lowerBound))]) })
            ),
            (
                "textShards",
                .object([("size", .int(Self.textShardSize)), ("paths", .array(textPaths.map(JSONValue.string)))])
            ),
        ])
    }

    /// `[headings, summary]`, each a list of notice positions as gaps: the first position, then the
    /// distance to the one before, which keeps the numbers short.
    private static func postings(_ postings: SearchTerms.Postings) -> JSONValue {
        func gaps(_ positions: [Int]) -> JSONValue {
            .array(positions.indices.map { .int($0 == 0 ? positions[0] : positions[$0] - positions[$0 - 1]) })
        }
        return .array([gaps(postings.headings), gaps(postings.summary)])
    }
}
