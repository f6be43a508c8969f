/// Template contexts (see docs/templates.md), the parts shared by many pages built once per build.
/// Immutable after `init`, so sharing it between rendering threads is safe.
final class ViewModels: @unchecked Sendable {
    let site: Site
    let paths: SitePaths
    let strings: UIStrings
    let dates: DateDisplay
    /// One item per notice, in `site.notices` order.
    let noticeItems: [[String: Any]]
    let catalogTree: [[String: Any]]
    let categoryItems: [[String: Any]]
    private let siteInfo: [String: Any]
    private let links: [String: Any]

    init(site: Site) {
        self.site = site
        paths = SitePaths(settings: site.settings)
        strings = UIStrings.forLanguage(site.settings.language)
        dates = DateDisplay(language: site.settings.language)
        let paths = paths, dates = dates
        let categoryItems = site.settings.categories.enumerated().map { index, category -> [String: Any] in
            ["id": category.id, "name": category.name, "url": paths.category(category.id), "count": site.noticesByCategory[index].count]
        }
        self.categoryItems = categoryItems
        let categoryByID = Dictionary(uniqueKeysWithValues: zip(site.settings.categories.map(\.id), categoryItems))
        let productLinks = site.catalog.products.map { product -> [String: Any] in
            ["id": product.id, "label": product.label, "url": paths.product(product.id)]
        }
        let everyProduct: [String: Any] = ["id": Catalog.everyProductID, "label": site.settings.language.hasPrefix("en") ? "All products" : "Alle Produkte", "url": paths.products]
        noticeItems = site.notices.map { notice in
            [
                "id": notice.id,
                "title": notice.title,
                "url": paths.notice(notice),
                "date": ["iso": notice.date.isoDate, "datetime": notice.date.rfc3339, "display": dates.date(notice.date)] as [String: Any],
                "category": categoryByID[notice.category] ?? [:],
                "summary": notice.summary,
                "products": notice.products.map { id in
                    site.catalog.index(of: id).map { productLinks[$0] } ?? everyProduct
                },
            ]
        }
        func node(_ index: Int) -> [String: Any] {
            let product = site.catalog.products[index]
            let children = product.children.map(node)
            return ["id": product.id, "label": product.label, "name": product.name, "url": paths.product(product.id),
                    "count": site.noticesByProduct[index].count, "depth": product.depth,
                    "has_children": !children.isEmpty, "children": children]
        }
        catalogTree = site.catalog.roots.map(node)
        siteInfo = ["title": site.settings.title, "language": site.settings.language, "base_url": site.settings.baseURL]
        links = ["home": paths.home, "notices": paths.notices(), "products": paths.products, "stylesheet": paths.stylesheet]
    }

    /// The keys every template gets.
    func common(kind: String, url: String, title: String, description: String) -> [String: Any] {
        [
            "root": paths.root(from: url),
            "site": siteInfo,
            "page": ["kind": kind, "is_home": kind == "home", "title": title, "description": description, "url": url,
                     "canonical_url": paths.absolute(url)] as [String: Any],
            "links": links,
            "catalog": catalogTree,
            "categories": categoryItems,
            "generator": ["name": "Notices"],
        ]
    }

    /// `notices`, `has_notices`, `notice_count`, `has_pagination`, `pagination` for one page of a list.
    func listKeys(_ indexes: ArraySlice<Int>, total: Int, page: Int, pageCount: Int, url: (Int) -> String) -> [String: Any] {
        let items = indexes.map { noticeItems[$0] }
        let window = max(1, page - 3)...min(pageCount, page + 3)
        var numbers = Array(window)
        if numbers.first != 1 { numbers.insert(1, at: 0) }
        if numbers.last != pageCount { numbers.append(pageCount) }
        let pagination: [String: Any] = [
            "current": page, "total": pageCount,
            "has_prev": page > 1, "prev_url": page > 1 ? url(page - 1) : "",
            "has_next": page < pageCount, "next_url": page < pageCount ? url(page + 1) : "",
            "pages": numbers.map { ["number": $0, "url": url($0), "is_current": $0 == page] as [String: Any] },
        ]
        return ["notices": items, "has_notices": !items.isEmpty, "notice_count": total,
                "has_pagination": pageCount > 1, "pagination": pagination]
    }
}
