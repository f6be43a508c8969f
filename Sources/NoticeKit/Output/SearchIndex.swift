/// The client-side search index: a small manifest `search.json` (products, categories, shard
/// list) and shards `search/N.json` of `shardSize` notices each, so no single download grows
/// with the site. Titles, summaries and `##`/`###` headings are indexed; the browser folds case,
/// umlauts and ß itself. Products are listed by index into the manifest's product list, with
/// roll-up already applied, so the product filter needs no catalog logic in the browser.
struct SearchIndex {
    static let shardSize = 1000

    let site: Site
    let paths: SitePaths

    func files(threads: Int = WorkerThreads.count) -> [OutputFile] {
        let products: [JSONValue] = site.catalog.products.map { product in
            .object([("id", .string(product.id)), ("label", .string(product.label)), ("name", .string(product.name)),
                     ("parent", product.parent.map { .int($0) } ?? .null), ("url", .string(paths.product(product.id)))])
        }
        let categories: [JSONValue] = site.settings.categories.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) }
        let shardPaths = self.shardPaths
        let manifest = JSONValue.object([
            ("version", .int(1)),
            ("count", .int(site.notices.count)),
            ("products", .array(products)),
            ("categories", .array(categories)),
            ("shards", .array(shardPaths.map(JSONValue.string))),
        ])
        let shards = Array(shardPaths.enumerated()).parallelMap(threads: threads) { shard, path in
            let range = (shard * Self.shardSize)..<min(site.notices.count, (shard + 1) * Self.shardSize)
            return OutputFile(path: path, bytes: JSONValue.array(range.map { entry(site.notices[$0]) }).serializedBytes())
        }
        return [OutputFile(path: paths.searchIndex, bytes: manifest.serializedBytes())] + shards
    }

    var shardPaths: [String] {
        (0..<((site.notices.count + Self.shardSize - 1) / Self.shardSize)).map { "search/\($0 + 1).json" }
    }

    var outputPaths: [String] { [paths.searchIndex] + shardPaths }

    /// Short keys keep the shards small: u url, t title, d date, c category, p products (indexes,
    /// roll-up applied), s summary, h headings, k state kind, x current.
    private func entry(_ notice: Notice) -> JSONValue {
        let headings = notice.body.headings.filter { $0.level <= 3 }.map(\.text).joined(separator: " · ")
        var pairs: [(String, JSONValue)] = [
            ("u", .string(paths.notice(notice))),
            ("t", .string(notice.title)),
            ("d", .string(notice.date.isoDate)),
            ("c", .string(notice.category)),
            ("p", .array(notice.reach.map(JSONValue.int))),
            ("s", .string(notice.summary)),
        ]
        if !headings.isEmpty { pairs.append(("h", .string(headings))) }
        if let status = notice.lifecycle.status { pairs.append(("k", .string(status.rawValue))) }
        if notice.state.isCurrent { pairs.append(("x", .bool(true))) }
        return .object(pairs)
    }
}
