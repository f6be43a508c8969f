/// Texts the generator itself puts into pages (titles of list pages, descriptions), per language.
/// Everything else a reader sees is in the templates.
struct UIStrings: Sendable {
    var allNotices: String
    var products: String
    var homeDescription: String
    var productDescription: String
    var categoryDescription: String
    var pageSuffix: String
    var yearTitle: String
    var notFound: String

    static func forLanguage(_ language: String) -> UIStrings {
        if language.hasPrefix("en") {
            return UIStrings(allNotices: "All notices", products: "Products",
                             homeDescription: "Disruptions, maintenance and notices for our products.",
                             productDescription: "Notices concerning %@.", categoryDescription: "Notices of the category %@.",
                             pageSuffix: "page %d", yearTitle: "Notices from %@", notFound: "Page not found")
        }
        return UIStrings(allNotices: "Alle Meldungen", products: "Produkte",
                         homeDescription: "Störungen, Wartungsarbeiten und Hinweise zu unseren Produkten.",
                         productDescription: "Meldungen, die %@ betreffen.", categoryDescription: "Meldungen der Kategorie %@.",
                         pageSuffix: "Seite %d", yearTitle: "Meldungen aus %@", notFound: "Seite nicht gefunden")
    }

    func year(_ year: Int) -> String { format(yearTitle, String(year)) }

    func format(_ template: String, _ value: String) -> String {
        template.replacingOccurrences(of: "%@", with: value)
    }

    func paged(_ title: String, page: Int) -> String {
        page <= 1 ? title : "\(title), " + pageSuffix.replacingOccurrences(of: "%d", with: String(page))
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
