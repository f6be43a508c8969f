/// Warnings about notices that build but read badly. They never stop a build; `notices check
/// --strict` turns them into errors for CI.
struct EditorialWarnings {
    let settings: SiteSettings

    /// Titles longer than this wrap badly in lists and feeds.
    static let longTitle = 120

    func check(_ head: NoticeDecoder.Head, headings: [Heading]) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        if head.title.count > Self.longTitle {
            warnings.append(
                .warning(
                    .longTitle, ["length": .number(head.title.count), "limit": .number(Self.longTitle)],
                    at: head.titleLocation))
        }
        if let summary = head.summary, let location = head.summaryLocation, summary.count > settings.summaryLength {
            warnings.append(
                .warning(
                    .longSummary, ["length": .number(summary.count), "limit": .number(settings.summaryLength)],
                    at: location))
        }
        if headings.isEmpty && head.body.hasAtLeast(1_201) {
            warnings.append(
                .warning(.noHeadings, at: SourceLocation(path: head.path, line: head.bodyFirstLine, column: 1)))
        }
        return warnings
    }

    /// An `ongoing` disruption older than `stale_ongoing_days` has probably been forgotten.
    static func staleOngoing(_ notice: Notice, location: SourceLocation?, now: Int64, days: Int) -> Diagnostic? {
        guard notice.lifecycle.status == .ongoing, now - notice.date.instant > Int64(days) * 86_400 else { return nil }
        let age = (now - notice.date.instant) / 86_400
        return .warning(.staleOngoing, ["days": .number(Int(age))], at: location ?? notice.location)
    }

    /// Catalog products that no notice concerns, even through roll-up.
    static func unusedProducts(_ site: Site) -> [Diagnostic] {
        site.catalog.products.indices.compactMap { index in
            guard site.noticesByProduct[index].isEmpty else { return nil }
            let product = site.catalog.products[index]
            return .warning(
                .unusedProduct, ["id": .text(product.id), "label": .text(product.label)], at: product.location)
        }
    }
}
