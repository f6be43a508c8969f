import Mustache

/// Every HTML page of the site: home, notices, the all-notices list and one per year, catalog
/// overview, one index per product (every level, with roll-up) and per category, lists paginated,
/// and the 404 page.
struct HTMLPages {
    let models: ViewModels
    let templates: TemplateSet

    /// A page to render: which template, at which URL, with which context. The context is built
    /// only when the page is rendered, so planning a site (for `serve`) costs next to nothing.
    struct PageJob: Sendable {
        var template: String
        var url: String
        var context: @Sendable () -> TemplateObject
        /// Newest content date the page shows, for the sitemap; nil leaves the page out of it.
        var lastModified: NoticeDate?
        var inSitemap = true
    }

    /// Every page of the site, in a fixed order.
    func jobs() -> [PageJob] {
        homeJobs() + noticeJobs() + listJobs() + subscribeJobs() + [notFoundJob()]
    }

    /// Renders a batch of pages in parallel: the page template, then the layout around it.
    func render(_ jobs: [PageJob], threads: Int) -> [OutputFile] {
        let templates = templates
        let paths = models.paths
        return jobs.parallelMap(threads: threads) { job in
            // The body goes to the layout as bytes: no String round trip (UTF-8 re-validation).
            var context = job.context()
            context[.content] = .utf8(templates.renderBytes(job.template, .object(context)))
            return OutputFile(
                path: job.template == "404" ? paths.notFound : paths.file(for: job.url),
                bytes: templates.renderBytes("layout", .object(context)))
        }
    }

    private var site: Site { models.site }

    private func newest(_ indexes: some Collection<Int>) -> NoticeDate? {
        indexes.lazy.map { site.notices[$0].updated }.max()
    }

    private func homeJobs() -> [PageJob] {
        let models = models
        let site = site
        let home: @Sendable () -> TemplateObject = {
            // The newest list leaves out expired notices (they live on in the archive) and those
            // "Aktuelle Meldungen" shows right above it.
            let shownAsCurrent = Set(site.current.prefix(site.settings.currentLimit))
            let visible = site.notices.indices.filter {
                !site.notices[$0].state.expired && !shownAsCurrent.contains($0)
            }
            let shown = Array(visible.prefix(site.settings.homeCount))
            var context = models.common(
                kind: "home", url: models.paths.home, title: site.settings.title,
                description: models.strings.homeDescription)
            context[.notices] = .list(shown.map { models.noticeItems[$0] })
            context[.hasNotices] = .bool(!shown.isEmpty)
            context[.hasMore] = .bool(site.notices.count > shown.count)
            context[.noticeCount] = .int(site.notices.count)
            context.merge(models.currentKeys(site.current))
            context.merge(models.statusListKeys)
            return context
        }
        let products: @Sendable () -> TemplateObject = {
            var context = models.common(
                kind: "products", url: models.paths.products, title: models.strings.products,
                description: models.strings.homeDescription)
            context.merge(models.statusListKeys)
            return context
        }
        let all = newest(site.notices.indices)
        return [
            PageJob(template: "home", url: models.paths.home, context: home, lastModified: all),
            PageJob(template: "products", url: models.paths.products, context: products, lastModified: all),
        ]
    }

    private func noticeJobs() -> [PageJob] {
        let models = models
        return site.notices.enumerated().map { index, notice in
            PageJob(
                template: "notice", url: models.paths.notice(notice),
                context: { Self.noticeContext(index, models: models, site: models.site) },
                lastModified: notice.updated)
        }
    }

    private static func noticeContext(_ index: Int, models: ViewModels, site: Site) -> TemplateObject {
        let notice = site.notices[index]
        let url = models.paths.notice(notice)
        // Feed autodiscovery names the feed of the notice's (first) product.
        let feed = notice.products.lazy.compactMap { site.catalog.index(of: $0) }.first.map {
            models.paths.productFeed(site.catalog.products[$0].id)
        }
        var context = models.common(
            kind: "notice", url: url, title: notice.title, description: notice.summary, feed: feed)
        guard case .object(var item) = models.noticeItems[index] else { return context }
        item[.body] = .utf8(notice.body.htmlBytes)
        let toc = notice.body.headings.filter { $0.level == 2 || $0.level == 3 }
        item[.toc] = .list(toc.map { .view([.id: .string($0.id), .text: .string($0.text), .level: .int($0.level)]) })
        item[.hasToc] = .bool(toc.count >= 2)
        let updates = notice.lifecycle.updates.map { update -> TemplateValue in
            .view([
                .datetime: .string(update.date.rfc3339), .display: .string(models.dates.dateTime(update.date)),
                .body: .string(update.html),
            ])
        }
        item[.updates] = .list(updates)
        item[.hasUpdates] = .bool(!updates.isEmpty)
        let notAffected = notice.lifecycle.notAffected.map { entry -> TemplateValue in
            switch entry {
            case .product(let id):
                let product = site.catalog[id]
                return .view([
                    .label: .string(product?.label ?? id), .url: .string(models.paths.product(id)), .hasUrl: true,
                ])
            case .text(let text):
                return .view([.label: .string(text), .url: "", .hasUrl: false])
            }
        }
        item[.notAffected] = .list(notAffected)
        item[.hasNotAffected] = .bool(!notAffected.isEmpty)
        context[.notice] = .object(item)
        return context
    }

    private func listJobs() -> [PageJob] {
        let models = models
        let years: TemplateValue = .list(
            site.noticesByYear.map { entry in
                .view([
                    .year: .int(entry.year), .url: .string(models.paths.year(entry.year)),
                    .count: .int(entry.notices.count),
                ])
            })
        var jobs = paginate(
            Array(site.notices.indices), template: "notices", kind: "notices",
            title: models.strings.allNotices, description: models.strings.homeDescription,
            url: { models.paths.notices(page: $0) }, extra: .view([.years: years]))
        for entry in site.noticesByYear {
            let title = models.strings.year(entry.year)
            jobs += paginate(
                entry.notices, template: "year", kind: "year", title: title, description: title,
                url: { models.paths.year(entry.year, page: $0) },
                extra: .view([.year: .int(entry.year), .years: years]))
        }
        for (index, product) in site.catalog.products.enumerated() { jobs += productJobs(index, product) }
        for (index, category) in site.settings.categories.enumerated() {
            jobs += paginate(
                site.noticesByCategory[index], template: "category", kind: "category", title: category.name,
                description: models.strings.categoryDescription(category.name),
                url: { models.paths.category(category.id, page: $0) },
                extra: .view([.category: models.categoryItems[index]]), feed: models.paths.categoryFeed(category.id))
        }
        return jobs
    }

    /// One product's index pages: its notices with roll-up, breadcrumbs, children and status.
    private func productJobs(_ index: Int, _ product: Product) -> [PageJob] {
        let models = models
        let breadcrumbs: [TemplateValue] = site.catalog.ancestors(of: index).map { ancestor in
            let parent = site.catalog.products[ancestor]
            return .view([.label: .string(parent.label), .url: .string(models.paths.product(parent.id))])
        }
        let children: [TemplateValue] = product.children.map { child in
            let childProduct = site.catalog.products[child]
            return .view([
                .id: .string(childProduct.id), .label: .string(childProduct.label),
                .name: .string(childProduct.name),
                .url: .string(models.paths.product(childProduct.id)),
                .count: .int(site.noticesByProduct[child].count),
                .currentCount: .int(site.currentByProduct[child].count), .depth: .int(childProduct.depth),
                .hasChildren: .bool(!childProduct.children.isEmpty), .children: [],
            ])
        }
        let model: TemplateValue = .view([
            .id: .string(product.id), .label: .string(product.label), .name: .string(product.name),
            .url: .string(models.paths.product(product.id)),
            .since: .string(product.since.map(String.init) ?? ""), .hasSince: .bool(product.since != nil),
            .breadcrumbs: .list(breadcrumbs), .hasBreadcrumbs: .bool(!breadcrumbs.isEmpty),
            .children: .list(children), .hasChildren: .bool(!children.isEmpty),
            .feedUrl: .string(models.paths.productFeed(product.id)),
            .calendarUrl: .string(models.paths.productCalendar(product.id)),
            .jsonUrl: .string(models.paths.productJSON(product.id)),
            .subscribeUrl: .string(models.paths.productSubscribe(product.id)),
        ])
        var extra: TemplateObject = .view([.product: model])
        extra.merge(models.currentKeys(site.currentByProduct[index]))
        extra.merge(models.statusKeys(index))
        return paginate(
            site.noticesByProduct[index], template: "product", kind: "product", title: product.label,
            description: models.strings.productDescription(product.label),
            url: { models.paths.product(product.id, page: $0) }, extra: extra,
            feed: models.paths.productFeed(product.id))
    }

    /// "Benachrichtigungen abonnieren": one page for the whole site, one per catalog node.
    private func subscribeJobs() -> [PageJob] {
        let models = models
        let site = site
        let whole = PageJob(
            template: "subscribe", url: models.paths.subscribe,
            context: {
                var context = models.common(
                    kind: "subscribe", url: models.paths.subscribe, title: models.strings.subscribeTitle,
                    description: models.strings.subscribeLede)
                context.merge(models.subscribeKeys(product: nil))
                return context
            }, lastModified: nil)
        return [whole]
            + site.catalog.products.enumerated().map { index, product in
                let url = models.paths.productSubscribe(product.id)
                return PageJob(
                    template: "subscribe", url: url,
                    context: {
                        var context = models.common(
                            kind: "subscribe", url: url,
                            title: models.strings.subscribeTitleProduct(["product": product.label]),
                            description: models.strings.subscribeLedeProduct(["product": product.label]),
                            feed: models.paths.productFeed(product.id))
                        context.merge(models.subscribeKeys(product: index))
                        return context
                    }, lastModified: nil)
            }
    }

    private func notFoundJob() -> PageJob {
        let models = models
        return PageJob(
            template: "404", url: models.paths.notFound,
            context: {
                // Served for any missing URL, so its links must work from any depth: root-relative from the base path.
                var context = models.common(
                    kind: "404", url: models.paths.notFound, title: models.strings.notFound,
                    description: models.strings.notFound)
                context[.root] = .string(models.paths.basePath)
                return context
            }, inSitemap: false)
    }

    /// One job per page of `indexes`; an empty list still gets its first page ("no notices yet").
    private func paginate(
        _ indexes: [Int], template: String, kind: String, title: String, description: String,
        url: @escaping @Sendable (Int) -> String, extra: TemplateObject, feed: String? = nil
    ) -> [PageJob] {
        let size = site.settings.pageSize
        let pageCount = max(1, (indexes.count + size - 1) / size)
        let models = models
        return (1...pageCount).map { page in
            let pageURL = url(page)
            let slice = indexes[min(indexes.count, (page - 1) * size)..<min(indexes.count, page * size)]
            return PageJob(
                template: template, url: pageURL,
                context: {
                    var context = models.common(
                        kind: kind, url: pageURL, title: models.strings.paged(title, page: page),
                        description: description, feed: feed)
                    context.merge(
                        models.listKeys(slice, total: indexes.count, page: page, pageCount: pageCount, url: url))
                    context.merge(extra)
                    // The current notices open the first page of a list, not every page of it.
                    context[.showCurrent] = .bool(page == 1 && context[.hasCurrent] != nil)
                    return context
                }, lastModified: newest(slice))
        }
    }
}
