/// Warnings about notices that build but read badly. They never stop a build; `notices check
/// --strict` turns them into errors for CI.
struct EditorialWarnings {
    let settings: SiteSettings

    /// Titles longer than this wrap badly in lists and feeds.
    static let longTitle = 120

    func check(_ head: NoticeDecoder.Head, headings: [Heading]) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        if head.title.count > Self.longTitle {
            warnings.append(.warning("title is \(head.title.count) characters long; keep it under \(Self.longTitle) so it fits lists and feeds", at: head.titleLocation))
        }
        if let summary = head.summary, let location = head.summaryLocation, summary.count > settings.summaryLength {
            warnings.append(.warning("summary is \(summary.count) characters long (limit \(settings.summaryLength), 'summary_length' in site.yml); lists show it whole", at: location))
        }
        if headings.isEmpty && head.body.hasAtLeast(1_201) {
            warnings.append(.warning("a long notice without any heading; add sections such as '## Ursache' and '## Abhilfe'",
                                     at: SourceLocation(path: head.path, line: head.bodyFirstLine, column: 1)))
        }
        return warnings
    }

    /// An `ongoing` disruption older than `stale_ongoing_days` has probably been forgotten.
    static func staleOngoing(_ notice: Notice, location: SourceLocation?, now: Int64, days: Int) -> Diagnostic? {
        guard notice.lifecycle.status == .ongoing, now - notice.date.instant > Int64(days) * 86_400 else { return nil }
        let age = (now - notice.date.instant) / 86_400
        return .warning("disruption is still 'ongoing' after \(age) days; set 'status: resolved' with 'resolved_at' or add an update",
                        at: location ?? notice.location)
    }

    /// Catalog products that no notice concerns, even through roll-up.
    static func unusedProducts(_ site: Site) -> [Diagnostic] {
        site.catalog.products.indices.compactMap { index in
            guard site.noticesByProduct[index].isEmpty else { return nil }
            let product = site.catalog.products[index]
            return .warning("no notice concerns product '\(product.id)' (\(product.label)); its index says so, but check the id", at: product.location)
        }
    }
}
