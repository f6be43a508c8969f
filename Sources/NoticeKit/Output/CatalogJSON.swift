/// `catalog.json`: the product tree as the product picker needs it (id, label, parent index,
/// page URL), in catalog order. The picker loads it once instead of every page carrying the
/// whole catalog, so a page's size does not grow with the catalog.
struct CatalogJSON {
    let site: Site
    let paths: SitePaths

    func file() -> OutputFile {
        let products: [JSONValue] = site.catalog.products.map { product in
            .object([
                ("id", .string(product.id)), ("label", .string(product.label)),
                ("parent", product.parent.map { .int($0) } ?? .null), ("url", .string(paths.product(product.id))),
            ])
        }
        return OutputFile(
            path: paths.catalogJSON,
            bytes: JSONValue.object([("version", .int(1)), ("products", .array(products))]).serializedBytes())
    }
}
