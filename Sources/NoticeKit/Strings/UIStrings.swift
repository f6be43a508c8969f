import Mustache

/// The UI texts of the site's language, read once per build from the theme's strings file
/// (`templates/strings/LANGUAGE.yml`, see `StringsLoader`). Templates get every text under `t`;
/// the generator's own texts (page titles, descriptions, states, dates) are typed fields here, so
/// rendering never looks a text up by name. A class: every view model, page job and output
/// shares one copy, where a struct's fields would be copied into every page closure.
final class UIStrings: Sendable {
    /// The language code of the file the texts come from (`de`, `en`).
    let language: String
    /// Every text by key (`search.label`) and every group name (`search`): what `{{t.…}}` may name.
    let keys: Set<String>
    /// `t`: groups as objects, texts as strings, in file order.
    let templateValue: TemplateValue

    let allNotices: String
    let products: String
    let notFound: String
    let homeDescription: String
    /// The label of `all` in a notice's products.
    let allProducts: String
    let disruption: String
    let monitoring: String
    let resolved: String
    let upcoming: String
    let running: String
    let finished: String
    let impactMinor: String
    let impactMajor: String
    let impactCritical: String
    /// The label of each node state (`Störung`), by `NodeState`.
    let nodeStates: [NodeState: String]
    /// The `status` group of every strings file, by language (sorted), for the status banner
    /// (`status-texts.json`): a page elsewhere may ask for a language other than the site's.
    /// Keys a translation lacks come from the reference language.
    let statusTextsByLanguage: [(language: String, texts: [(key: String, text: String)])]
    /// January first.
    let months: [String]
    private let yearTitle: TextPattern
    private let pagedTitle: TextPattern
    private let productDescriptionText: TextPattern
    private let categoryDescriptionText: TextPattern
    /// The year a product came out, after its name in derived labels: `(ab 2014)`.
    let since: TextPattern
    let resolvedOn: TextPattern
    let maintenanceOn: TextPattern
    let maintenanceFromTo: TextPattern
    let date: TextPattern
    let dateTime: TextPattern
    let subscribeTitle: String
    let subscribeTitleProduct: TextPattern
    let subscribeLede: String
    let subscribeLedeProduct: TextPattern
    let subscribeEmailAddress: TextPattern

    static let monthKeys = [
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    ].map { "dates." + $0 }

    /// The keys the generator itself reads, each with the placeholders it fills in.
    static let generatorKeys: [(key: String, placeholders: [String])] =
        [
            ("titles.all_notices", []), ("titles.products", []), ("titles.not_found", []),
            ("titles.year", ["year"]), ("titles.paged", ["title", "page"]),
            ("descriptions.home", []), ("descriptions.product", ["product"]), ("descriptions.category", ["category"]),
            ("labels.all_products", []), ("labels.since", ["year"]),
            ("state.disruption", []), ("state.monitoring", []), ("state.resolved", []), ("state.resolved_on", ["date"]),
            ("state.maintenance_on", ["date", "start", "end"]), ("state.maintenance_from_to", ["start", "end"]),
            ("state.upcoming", []), ("state.running", []), ("state.finished", []),
            ("impact.minor", []), ("impact.major", []), ("impact.critical", []),
        ] + NodeState.allCases.map { ("status." + $0.rawValue, []) } + [
            ("dates.date", ["day", "month", "year"]), ("dates.date_time", ["date", "time"]),
            ("subscribe.title", []), ("subscribe.title_product", ["product"]), ("subscribe.lede", []),
            ("subscribe.lede_product", ["product"]), ("subscribe.email_address", ["address"]),
        ] + monthKeys.map { ($0, []) }

    /// - Parameter texts: every key of `generatorKeys` (the loader has checked), in file order.
    init(
        language: String, texts: [(key: String, text: String)],
        statusTextsByLanguage: [(language: String, texts: [(key: String, text: String)])] = []
    ) {
        self.language = language
        self.statusTextsByLanguage = statusTextsByLanguage
        let byKey = Dictionary(texts.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
        let text = { (key: String) in byKey[key] ?? "" }
        let pattern = { (key: String) in TextPattern(text(key)) }
        var keys = Set(texts.map(\.key))
        var top: [(String, TemplateValue)] = []
        var groups: [String: [(String, TemplateValue)]] = [:]
        for (key, value) in texts {
            guard let dot = key.firstIndex(of: ".") else {
                top.append((key, .string(value)))
                continue
            }
            let group = String(key[..<dot])
            if groups[group] == nil { top.append((group, .null)) }
            groups[group, default: []].append((String(key[key.index(after: dot)...]), .string(value)))
            keys.insert(group)
        }
        self.keys = keys
        templateValue = .object(
            TemplateObject(
                top.map { name, value in
                    (name, groups[name].map { .object(TemplateObject($0)) } ?? value)
                }))
        allNotices = text("titles.all_notices")
        products = text("titles.products")
        notFound = text("titles.not_found")
        homeDescription = text("descriptions.home")
        allProducts = text("labels.all_products")
        disruption = text("state.disruption")
        monitoring = text("state.monitoring")
        resolved = text("state.resolved")
        upcoming = text("state.upcoming")
        running = text("state.running")
        finished = text("state.finished")
        impactMinor = text("impact.minor")
        impactMajor = text("impact.major")
        impactCritical = text("impact.critical")
        nodeStates = Dictionary(uniqueKeysWithValues: NodeState.allCases.map { ($0, text("status." + $0.rawValue)) })
        months = Self.monthKeys.map(text)
        yearTitle = pattern("titles.year")
        pagedTitle = pattern("titles.paged")
        productDescriptionText = pattern("descriptions.product")
        categoryDescriptionText = pattern("descriptions.category")
        since = pattern("labels.since")
        resolvedOn = pattern("state.resolved_on")
        maintenanceOn = pattern("state.maintenance_on")
        maintenanceFromTo = pattern("state.maintenance_from_to")
        date = pattern("dates.date")
        dateTime = pattern("dates.date_time")
        subscribeTitle = text("subscribe.title")
        subscribeTitleProduct = pattern("subscribe.title_product")
        subscribeLede = text("subscribe.lede")
        subscribeLedeProduct = pattern("subscribe.lede_product")
        subscribeEmailAddress = pattern("subscribe.email_address")
    }

    /// `Meldungen aus 2016`.
    func year(_ year: Int) -> String { yearTitle(["year": String(year)]) }

    /// `Meldungen, die DRKCMS v7 (ab 2017) betreffen.`
    func productDescription(_ label: String) -> String { productDescriptionText(["product": label]) }

    /// `Meldungen der Kategorie Störung.`
    func categoryDescription(_ name: String) -> String { categoryDescriptionText(["category": name]) }

    /// The title of page `page` of a list: the title alone on the first page, else `Alle Meldungen, Seite 2`.
    func paged(_ title: String, page: Int) -> String {
        page <= 1 ? title : pagedTitle(["title": title, "page": String(page)])
    }
}
