/// Reads `content/products.yml`: a list of nodes with `id`, `name`, optional `since`, `label`
/// and `children`.
enum CatalogLoader {
    static let allowedKeys = ["id", "name", "since", "label", "children"]
    static let maximumDepth = 8

    /// - Parameter sinceText: the text after a name in a derived label, from the site's strings
    ///   file; the German `(ab 2014)` where there is none (`notices new`, tests).
    static func load(
        _ file: SourceFile?, sinceText: (Int) -> String = { "(ab \($0))" }, into diagnostics: inout Diagnostics
    ) -> Catalog {
        guard let file else { return Catalog(products: []) }
        switch YAMLParser.parse(file, into: &diagnostics) {
        case nil:
            return Catalog(products: [])
        case .empty?:
            diagnostics.error(.catalogEmpty, at: SourceLocation(path: file.path))
            return Catalog(products: [])
        case .value(let value)?:
            guard case .list(let items, _) = value else {
                diagnostics.error(.catalogNotAList, at: value.location)
                return Catalog(products: [])
            }
            var products: [Product] = []
            var firstLocation: [String: SourceLocation] = [:]
            for item in items {
                add(
                    item, parent: nil, depth: 0, into: &products, seen: &firstLocation, &diagnostics,
                    sinceText: sinceText)
            }
            return Catalog(products: products)
        }
    }

    /// Adds a node and its children in pre-order. Nesting is bounded by the YAML parser, so the
    /// recursion depth is too.
    private static func add(
        _ value: YAMLValue, parent: Int?, depth: Int, into products: inout [Product],
        seen: inout [String: SourceLocation], _ diagnostics: inout Diagnostics, sinceText: (Int) -> String
    ) {
        let reader = MappingReader(value, context: MessageArgument(.contextProduct), into: &diagnostics)
        reader.rejectUnknownKeys(allowed: allowedKeys, into: &diagnostics)
        let id = reader.string("id", required: true, into: &diagnostics)
        let name = reader.string("name", required: true, into: &diagnostics)
        let label = reader.string("label", required: false, into: &diagnostics)
        let since = reader.integer("since", in: 1990...2100, into: &diagnostics)
        guard let (id, idLocation) = id else { return }
        guard isUsable(id, at: idLocation, seen: seen, into: &diagnostics) else { return }
        seen[id] = idLocation
        if depth >= maximumDepth {
            diagnostics.append(.error(.catalogTooDeep, ["depth": .number(maximumDepth)], at: idLocation))
            return
        }
        let name_ = name?.0 ?? id
        let parentProduct = parent.map { products[$0] }
        let index = products.count
        products.append(
            Product(
                id: id, name: name_,
                label: label?.0
                    ?? derivedLabel(name: name_, since: since.map { sinceText($0.0) }, parent: parentProduct),
                since: since?.0, parent: parent, children: [], depth: depth, location: idLocation))
        if let parent { products[parent].children.append(index) }
        if let childrenEntry = reader["children"] {
            guard case .list(let children, _) = childrenEntry.value else {
                diagnostics.append(
                    .error(
                        .childrenNotAList, ["found": childrenEntry.value.described], at: childrenEntry.value.location))
                return
            }
            for child in children {
                add(
                    child, parent: index, depth: depth + 1, into: &products, seen: &seen, &diagnostics,
                    sinceText: sinceText)
            }
        }
    }

    /// Whether `id` may name a product: not `all`, a slug, not used before.
    private static func isUsable(
        _ id: String, at idLocation: SourceLocation, seen: [String: SourceLocation], into diagnostics: inout Diagnostics
    ) -> Bool {
        if id == Catalog.everyProductID {
            diagnostics.append(.error(.reservedAll, at: idLocation))
            return false
        }
        if !Slug.isValid(id) {
            let suggestion = Slug.make(id)
            diagnostics.append(
                .error(
                    .badProductID,
                    [
                        "id": .text(id),
                        "hint": suggestion.isEmpty
                            ? .empty : MessageArgument(.tryInBrackets, ["suggestion": .text(suggestion)]),
                    ], at: idLocation))
            return false
        }
        if let first = seen[id] {
            diagnostics.append(
                .error(.duplicateProductID, ["id": .text(id), "line": .number(first.line ?? 1)], at: idLocation))
            return false
        }
        return true
    }

    /// The label customers know: the name, then `(ab YEAR)` (in the site's language) when the node has `since`; when the
    /// name does not already start with the parent's name, the parent's label comes first.
    /// `DRKCMS` > `DRKCMS v6` (2014) > `KV-Vorlage` gives `DRKCMS v6 (ab 2014) KV-Vorlage`.
    static func derivedLabel(name: String, since: String?, parent: Product?) -> String {
        var label = name
        if let since { label += " " + since }
        if let parent, !name.hasPrefix(parent.name) {
            label = parent.label + " " + label
        }
        return label
    }
}
