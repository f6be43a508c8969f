/// Every HTML page of the site: home, notices, the all-notices list, catalog overview, one index
/// per product (every level, with roll-up) and per category, lists paginated.
struct HTMLPages {
    let models: ViewModels
    let templates: TemplateSet

    /// A page to render: which template, at which URL, with which context.
    struct PageJob: @unchecked Sendable {
        var template: String
        var url: String
        var context: [String: Any]
        /// Newest content date the page shows, for the sitemap.
        var lastModified: NoticeDate?
    }

    /// The pages and, for the sitemap, their URLs with content dates.
    func files(threads: Int) -> (files: [OutputFile], pages: [(url: String, lastModified: NoticeDate?)]) {
        let jobs = homeJobs() + noticeJobs() + listJobs()
        let templates = templates, paths = models.paths
        let files = jobs.parallelMap(threads: threads) { job in
            var context = job.context
            context["content"] = templates.render(job.template, context)
            return OutputFile(path: paths.file(for: job.url), text: templates.render("layout", context))
        }
        return (files, jobs.map { ($0.url, $0.lastModified) })
    }

    private var site: Site { models.site }

    private func homeJobs() -> [PageJob] {
        let count = min(site.settings.homeCount, site.notices.count)
        var context = models.common(kind: "home", url: models.paths.home, title: site.settings.title,
                                    description: models.strings.homeDescription)
        context["notices"] = Array(models.noticeItems.prefix(count))
        context["has_notices"] = count > 0
        context["has_more"] = site.notices.count > count
        context["notice_count"] = site.notices.count
        var products = models.common(kind: "products", url: models.paths.products, title: models.strings.products,
                                     description: models.strings.homeDescription)
        products["products"] = models.catalogTree
        return [PageJob(template: "home", url: models.paths.home, context: context),
                PageJob(template: "products", url: models.paths.products, context: products)]
    }

    private func noticeJobs() -> [PageJob] {
        site.notices.enumerated().map { index, notice in
            let url = models.paths.notice(notice)
            var context = models.common(kind: "notice", url: url, title: notice.title, description: notice.summary)
            var item = models.noticeItems[index]
            item["body"] = notice.body.html
            let toc = notice.body.headings.filter { $0.level == 2 || $0.level == 3 }
            item["toc"] = toc.map { ["id": $0.id, "text": $0.text, "level": $0.level] as [String: Any] }
            item["has_toc"] = toc.count >= 2
            context["notice"] = item
            return PageJob(template: "notice", url: url, context: context)
        }
    }

    private func listJobs() -> [PageJob] {
        var jobs = paginate(Array(site.notices.indices), template: "notices", kind: "notices",
                            title: models.strings.allNotices, description: models.strings.homeDescription,
                            url: { models.paths.notices(page: $0) }, extra: [:])
        for (index, product) in site.catalog.products.enumerated() {
            let breadcrumbs = site.catalog.ancestors(of: index).map { ancestor -> [String: Any] in
                let parent = site.catalog.products[ancestor]
                return ["label": parent.label, "url": models.paths.product(parent.id)]
            }
            let children = product.children.map { child -> [String: Any] in
                let childProduct = site.catalog.products[child]
                return ["id": childProduct.id, "label": childProduct.label, "name": childProduct.name,
                        "url": models.paths.product(childProduct.id), "count": site.noticesByProduct[child].count,
                        "depth": childProduct.depth, "has_children": !childProduct.children.isEmpty, "children": [[String: Any]]()]
            }
            let model: [String: Any] = [
                "id": product.id, "label": product.label, "name": product.name, "url": models.paths.product(product.id),
                "since": product.since.map(String.init) ?? "", "has_since": product.since != nil,
                "breadcrumbs": breadcrumbs, "has_breadcrumbs": !breadcrumbs.isEmpty,
                "children": children, "has_children": !children.isEmpty,
            ]
            jobs += paginate(site.noticesByProduct[index], template: "product", kind: "product", title: product.label,
                             description: models.strings.format(models.strings.productDescription, product.label),
                             url: { models.paths.product(product.id, page: $0) }, extra: ["product": model])
        }
        for (index, category) in site.settings.categories.enumerated() {
            jobs += paginate(site.noticesByCategory[index], template: "category", kind: "category", title: category.name,
                             description: models.strings.format(models.strings.categoryDescription, category.name),
                             url: { models.paths.category(category.id, page: $0) },
                             extra: ["category": models.categoryItems[index]])
        }
        return jobs
    }

    /// One job per page of `indexes`; an empty list still gets its first page ("no notices yet").
    private func paginate(_ indexes: [Int], template: String, kind: String, title: String, description: String,
                          url: (Int) -> String, extra: [String: Any]) -> [PageJob] {
        let size = site.settings.pageSize
        let pageCount = max(1, (indexes.count + size - 1) / size)
        return (1...pageCount).map { page in
            let pageURL = url(page)
            var context = models.common(kind: kind, url: pageURL, title: models.strings.paged(title, page: page), description: description)
            let slice = indexes[min(indexes.count, (page - 1) * size)..<min(indexes.count, page * size)]
            context.merge(models.listKeys(slice, total: indexes.count, page: page, pageCount: pageCount, url: url)) { $1 }
            context.merge(extra) { $1 }
            return PageJob(template: template, url: pageURL, context: context)
        }
    }
}
