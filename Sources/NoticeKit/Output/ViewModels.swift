import Foundation
import Mustache

/// Template contexts (see docs/templates.md); the parts many pages share are built once per build.
/// A class: each of a large site's 15,000 page jobs captures it, one reference instead of a copy.
final class ViewModels: Sendable {
    let site: Site
    let paths: SitePaths
    let strings: UIStrings
    let dates: DateDisplay
    let states: StateTexts
    /// One item per notice, in `site.notices` order.
    let noticeItems: NoticeItems
    let catalogTree: TemplateValue
    let categoryItems: [TemplateValue]
    /// Every catalog node with its state, for the compact status list (home, `/produkte/`).
    let statusList: TemplateValue
    /// `StatusRevision.of(site)`, carried by the pages that show the status.
    let statusRevision: String
    private let siteInfo: TemplateValue
    private let links: TemplateValue

    /// - Parameter prebuildingItems: true builds every notice item now, in parallel (a build renders
    ///   every page); false builds each on first use (`serve`, `check`: a few pages' contexts).
    init(site: Site, threads: Int = WorkerThreads.count, prebuildingItems: Bool = true) {
        self.site = site
        let paths = SitePaths(settings: site.settings)
        let states = StateTexts(strings: site.strings)
        let dates = states.dates
        self.paths = paths
        self.dates = dates
        self.states = states
        strings = site.strings
        let categoryItems: [TemplateValue] = site.settings.categories.enumerated().map { index, category in
            .view([
                .id: .string(category.id), .name: .string(category.name), .url: .string(paths.category(category.id)),
                .feedUrl: .string(paths.categoryFeed(category.id)), .count: .int(site.noticesByCategory[index].count),
            ])
        }
        self.categoryItems = categoryItems
        let categoryByID = Dictionary(uniqueKeysWithValues: zip(site.settings.categories.map(\.id), categoryItems))
        let productLinks: [TemplateValue] = site.catalog.products.map { product in
            .view([.id: .string(product.id), .label: .string(product.label), .url: .string(paths.product(product.id))])
        }
        let everyProduct: TemplateValue = .view([
            .id: .string(Catalog.everyProductID), .label: .string(states.everyProduct), .url: .string(paths.products),
        ])
        // Shared by every notice that reaches the product, not one copy per notice.
        let reachedProducts: [TemplateValue] = site.catalog.products.map {
            .view([.id: .string($0.id), .label: .string($0.label)])
        }
        noticeItems = NoticeItems(count: site.notices.count, prebuilt: prebuildingItems, threads: threads) { index in
            let notice = site.notices[index]
            return Self.item(
                notice, site: site, paths: paths, dates: dates, states: states,
                category: categoryByID[notice.category] ?? .null,
                products: notice.products.map { id in
                    site.catalog.index(of: id).map { productLinks[$0] } ?? everyProduct
                },
                reachedProducts: notice.reach.map { reachedProducts[$0] })
        }
        catalogTree = Self.catalogTree(site, paths: paths)
        statusRevision = StatusRevision.of(site)
        statusList = Self.statusList(site, paths: paths, states: states)
        siteInfo = .view([
            .title: .string(site.settings.title), .language: .string(site.settings.language),
            .baseUrl: .string(site.settings.baseURL),
        ])
        links = .view([
            .home: .string(paths.home), .notices: .string(paths.notices()), .products: .string(paths.products),
            .stylesheet: .string(paths.stylesheet), .script: .string(paths.script), .feed: .string(paths.siteFeed),
            .calendar: .string(paths.siteCalendar), .json: .string(paths.siteJSON), .search: .string(paths.searchIndex),
            .catalog: .string(paths.catalogJSON),
            .subscribe: .string(paths.subscribe),
        ])
    }

    /// The product tree with counts, for the picker and the product index.
    private static func catalogTree(_ site: Site, paths: SitePaths) -> TemplateValue {
        func node(_ index: Int) -> TemplateValue {
            let product = site.catalog.products[index]
            let children = product.children.map(node)
            return .view([
                .id: .string(product.id), .label: .string(product.label), .name: .string(product.name),
                .url: .string(paths.product(product.id)), .count: .int(site.noticesByProduct[index].count),
                .currentCount: .int(site.currentByProduct[index].count),
                .depth: .int(product.depth), .hasChildren: .bool(!children.isEmpty), .children: .list(children),
            ])
        }
        return .list(site.catalog.roots.map(node))
    }

    /// Every catalog node with its state now, in catalog order (the status overview).
    private static func statusList(_ site: Site, paths: SitePaths, states: StateTexts) -> TemplateValue {
        .list(
            site.catalog.products.enumerated().map { index, product in
                let status = site.status[index]
                return .view([
                    .id: .string(product.id), .label: .string(product.label), .name: .string(product.name),
                    .url: .string(paths.product(product.id)), .depth: .int(product.depth),
                    .state: .string(status.state.rawValue),
                    .stateLabel: .string(states.node(status.state)), .isOk: .bool(status.state == .ok),
                    .isPartial: .bool(status.partial),
                ])
            })
    }

    /// A notice as every list shows it (docs/templates.md, "notice item").
    private static func item(
        _ notice: Notice, site: Site, paths: SitePaths, dates: DateDisplay, states: StateTexts,
        category: TemplateValue, products: [TemplateValue], reachedProducts: [TemplateValue]
    ) -> TemplateValue {
        let lifecycle = notice.lifecycle
        let state = notice.state
        // A state that only repeats the category badge ("Störung" beside STÖRUNG) is said once.
        let categoryName: String? = if case .string(let name)? = category[.name] { name } else { nil }
        let label = states.label(for: notice).flatMap { $0.lowercased() == categoryName?.lowercased() ? nil : $0 }
        let window: TemplateValue =
            lifecycle.window.map { window in
                .view([
                    .start: .string(window.start.rfc3339DateTime), .end: .string(window.end.rfc3339DateTime),
                    .display: .string(states.windowText(window)),
                    .phase: .string(state.windowPhase?.rawValue ?? ""),
                    .phaseLabel: .string(state.windowPhase.map(states.phase) ?? ""),
                ])
            } ?? .null
        let reach = notice.reach.map { site.catalog.products[$0].id }.joined(separator: " ")
        return .view([
            .id: .string(notice.id),
            .title: .string(notice.title),
            .url: .string(paths.notice(notice)),
            .year: .int(notice.date.year),
            .date: .view([
                .iso: .string(notice.date.isoDate), .datetime: .string(notice.date.rfc3339),
                .display: .string(notice.date.hasTime ? dates.dateTime(notice.date) : dates.date(notice.date)),
            ]),
            .category: category,
            .summary: .string(notice.summary),
            .products: .list(products),
            .reach: .string(reach),
            .reachProducts: .list(reachedProducts),
            .state: .view([
                .label: .string(label ?? ""),
                .hasLabel: .bool(label != nil),
                .kind: .string(states.kind(for: notice)),
                .isCurrent: .bool(state.isCurrent),
                .isExpired: .bool(state.expired),
                .isPreview: .bool(state.preview),
                .isDraft: .bool(lifecycle.draft),
                .isPinned: .bool(lifecycle.pinned && !state.expired),
            ]),
            .hasWindow: .bool(lifecycle.window != nil),
            .window: window,
            .impact: lifecycle.impact.map { .view([.id: .string($0.rawValue), .label: .string(states.impact($0))]) }
                ?? .null,
        ])
    }

    /// The keys every template gets.
    func common(kind: String, url: String, title: String, description: String, feed: String? = nil) -> TemplateObject {
        .view([
            .root: .string(paths.root(from: url)),
            .site: siteInfo,
            .page: .view([
                .kind: .string(kind), .isHome: .bool(kind == "home"), .isNotice: .bool(kind == "notice"),
                .isSubscribe: .bool(kind == "subscribe"),
                .title: .string(title), .description: .string(description), .url: .string(url),
                .canonicalUrl: .string(paths.absolute(url)), .feedUrl: .string(feed ?? paths.siteFeed),
                .isSiteFeed: .bool(feed == nil),
            ]),
            .links: links,
            .catalog: catalogTree,
            .categories: .list(categoryItems),
            .generator: .view([.name: "Notices"]),
            .t: strings.templateValue,
        ])
    }

    /// The subscribe page of a product (its catalog index) or of the whole site (nil): absolute
    /// addresses for calendar and feed, `webcal://` when the base URL is http(s), e-mail when set.
    func subscribeKeys(product index: Int?) -> TemplateObject {
        let product = index.map { site.catalog.products[$0] }
        let calendarPath = product.map { paths.productCalendar($0.id) } ?? paths.siteCalendar
        let calendar = paths.absolute(calendarPath)
        let webcal = Self.webcal(calendar)
        let notices = index.map { site.noticesByProduct[$0] } ?? Array(site.notices.indices)
        let signup = site.settings.emailSignup
        let isAddress = signup.map(SiteSettings.isEmailAddress) ?? false
        let email: TemplateValue =
            signup.map { signup in
                .view([
                    .isAddress: .bool(isAddress), .address: .string(signup),
                    .href: .string(isAddress ? "mailto:" + signup : signup),
                    .text: .string(isAddress ? strings.subscribeEmailAddress(["address": signup]) : ""),
                ])
            } ?? .null
        let productValue: TemplateValue =
            product.map {
                .view([.id: .string($0.id), .label: .string($0.label), .url: .string(paths.product($0.id))])
            } ?? .null
        let subscribe: TemplateValue = .view([
            .product: productValue,
            .lede: .string(
                product.map { strings.subscribeLedeProduct(["product": $0.label]) } ?? strings.subscribeLede),
            .hasEmail: .bool(signup != nil), .email: email,
            .hasCalendar: .bool(MaintenanceCalendar.hasWindows(notices, in: site)),
            .hasWebcal: .bool(webcal != nil),
            .calendar: .view([
                .https: .string(calendar), .webcal: .string(webcal ?? ""),
                .google: .string(
                    webcal.map { "https://calendar.google.com/calendar/r?cid=" + Escape.queryValue($0) } ?? ""),
            ]),
            .feed: .view([.https: .string(paths.absolute(product.map { paths.productFeed($0.id) } ?? paths.siteFeed))]),
            .jsonUrl: .string(product.map { paths.productJSON($0.id) } ?? paths.siteJSON),
        ])
        return .view([.subscribe: subscribe])
    }

    /// `webcal://host/path` for an `http(s)://` address; nil for a root-relative one.
    static func webcal(_ address: String) -> String? {
        for scheme in ["https://", "http://"] where address.lowercased().hasPrefix(scheme) {
            return "webcal://" + address.dropFirst(scheme.count)
        }
        return nil
    }

    /// The "Aktuelle Meldungen" area: the most severe `current_limit` notices and how many more there are.
    func currentKeys(_ indexes: [Int]) -> TemplateObject {
        let shown = indexes.prefix(site.settings.currentLimit)
        return .view([
            .current: .list(shown.map { noticeItems[$0] }), .hasCurrent: .bool(!indexes.isEmpty),
            .currentCount: .int(indexes.count), .hasMoreCurrent: .bool(indexes.count > shown.count),
            .moreCurrentCount: .int(indexes.count - shown.count), .showCurrent: true,
        ])
    }

    /// `status`: the state of the product at `index`, its running and upcoming notices, for the
    /// block at the top of its page.
    func statusKeys(_ index: Int) -> TemplateObject {
        let status = site.status[index]
        let upcoming = status.upcoming.map { noticeItems[$0] }
        return .view([
            .statusRevision: .string(statusRevision),
            .status: .view([
                .state: .string(status.state.rawValue), .label: .string(states.node(status.state)),
                .isOk: .bool(status.state == .ok), .isPartial: .bool(status.partial),
                .upcoming: .list(upcoming), .hasUpcoming: .bool(!upcoming.isEmpty),
                .badgeUrl: .string(paths.productBadge(site.catalog.products[index].id)),
                .jsonUrl: .string(paths.productStatus(site.catalog.products[index].id)),
            ]),
        ])
    }

    /// `status_list` for the compact status list of every product.
    var statusListKeys: TemplateObject {
        .view([
            .statusList: statusList, .hasStatusList: .bool(!site.catalog.products.isEmpty),
            .statusRevision: .string(statusRevision),
        ])
    }

    /// `notices`, `has_notices`, `notice_count`, `has_pagination`, `pagination` for one page of a list.
    func listKeys(_ indexes: ArraySlice<Int>, total: Int, page: Int, pageCount: Int, url: (Int) -> String)
        -> TemplateObject
    {
        let items = indexes.map { noticeItems[$0] }
        let window = max(1, page - 3)...min(pageCount, page + 3)
        var numbers = Array(window)
        if numbers.first != 1 { numbers.insert(1, at: 0) }
        if numbers.last != pageCount { numbers.append(pageCount) }
        let pagination: TemplateValue = .view([
            .current: .int(page), .total: .int(pageCount),
            .hasPrev: .bool(page > 1), .prevUrl: .string(page > 1 ? url(page - 1) : ""),
            .hasNext: .bool(page < pageCount), .nextUrl: .string(page < pageCount ? url(page + 1) : ""),
            .pages: .list(
                numbers.map { .view([.number: .int($0), .url: .string(url($0)), .isCurrent: .bool($0 == page)]) }),
        ])
        return .view([
            .notices: .list(items), .hasNotices: .bool(!items.isEmpty), .noticeCount: .int(total),
            .hasPagination: .bool(pageCount > 1), .pagination: pagination,
        ])
    }
}

/// The template item of every notice: built up front in parallel, or each on first use.
final class NoticeItems: @unchecked Sendable {
    private let make: @Sendable (Int) -> TemplateValue
    /// Set when built up front; read without a lock, since it never changes.
    private let prebuilt: [TemplateValue]?
    /// Built on first use, under `lock`.
    private var built: [TemplateValue?]
    private let lock = NSLock()

    init(count: Int, prebuilt: Bool, threads: Int, make: @escaping @Sendable (Int) -> TemplateValue) {
        self.make = make
        self.prebuilt = prebuilt ? Array(0..<count).parallelMap(threads: threads, make) : nil
        built = prebuilt ? [] : Array(repeating: nil, count: count)
    }

    subscript(index: Int) -> TemplateValue {
        if let prebuilt { return prebuilt[index] }
        if let item = lock.withLock({ built[index] }) { return item }
        // Built outside the lock; two threads may build the same item, which is harmless.
        let item = make(index)
        lock.withLock { built[index] = item }
        return item
    }
}
