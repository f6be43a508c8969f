/// One node of the product catalog: a product line, a version or a template variant.
public struct Product: Sendable, Equatable {
    public var id: String
    public var name: String
    /// What customers call it: `DRKCMS v6 (ab 2014) KV-Vorlage`.
    public var label: String
    public var since: Int?
    /// Index of the parent in `Catalog.products`, nil for a top-level product.
    public var parent: Int?
    public var children: [Int]
    /// 0 for a top-level product.
    public var depth: Int
    public var location: SourceLocation
}

/// The product tree from `content/products.yml`, in file order (pre-order), with roll-up
/// relations computed once.
public struct Catalog: Sendable {
    /// The id that stands for every product.
    public static let everyProductID = "all"

    public let products: [Product]
    private let indexByID: [String: Int]
    /// For each product: itself, its ancestors and its descendants, sorted. A notice tagged with
    /// a product appears on exactly these products' indexes.
    private let reach: [[Int]]

    init(products: [Product]) {
        self.products = products
        var indexByID: [String: Int] = [:]
        for (index, product) in products.enumerated() { indexByID[product.id] = index }
        self.indexByID = indexByID
        reach = products.indices.map { index in
            var set = Set(Catalog.subtree(of: index, in: products))
            var parent = products[index].parent
            while let current = parent {
                set.insert(current)
                parent = products[current].parent
            }
            return set.sorted()
        }
    }

    /// A product and everything below it: the catalog is in pre-order, so that is the run of
    /// products after it that are deeper than it.
    public func subtree(of index: Int) -> Range<Int> { Catalog.subtree(of: index, in: products) }

    private static func subtree(of index: Int, in products: [Product]) -> Range<Int> {
        let depth = products[index].depth
        let end = products[(index + 1)...].firstIndex { $0.depth <= depth } ?? products.count
        return index..<end
    }

    public func index(of id: String) -> Int? { indexByID[id] }

    public subscript(id: String) -> Product? { indexByID[id].map { products[$0] } }

    /// Top-level products, in file order.
    public var roots: [Int] { products.indices.filter { products[$0].parent == nil } }

    /// Ancestors of a product, top-level first.
    public func ancestors(of index: Int) -> [Int] {
        var result: [Int] = []
        var parent = products[index].parent
        while let current = parent {
            result.append(current)
            parent = products[current].parent
        }
        return result.reversed()
    }

    /// Indexes of every product on whose index a notice tagged with `ids` appears:
    /// each tagged product, its ancestors and its descendants; `all` reaches every product.
    /// Unknown ids are ignored (the notice decoder has reported them).
    public func reach(ofTagged ids: [String]) -> [Int] {
        if ids.contains(Catalog.everyProductID) { return Array(products.indices) }
        var set = Set<Int>()
        for id in ids {
            if let index = indexByID[id] { set.formUnion(reach[index]) }
        }
        return set.sorted()
    }

    /// Every id a notice may name, in file order, with `all` first.
    public var selectableIDs: [String] { [Catalog.everyProductID] + products.map(\.id) }
}
