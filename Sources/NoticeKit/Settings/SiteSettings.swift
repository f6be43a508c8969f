import Foundation

/// `content/site.yml`: every setting has a default, so a site without the file builds.
public struct SiteSettings: Sendable, Equatable {
    public struct Category: Sendable, Equatable {
        public var id: String
        public var name: String
    }

    /// Path segments of the generated URLs (German by default).
    public struct Segments: Sendable, Equatable {
        public var notices = "meldungen"
        public var products = "produkte"
        public var categories = "kategorien"
        public var page = "seite"
        /// The subscribe pages: `abonnieren/` and `produkte/ID/abonnieren/`.
        public var subscribe = "abonnieren"
    }

    public var title = "Kundeninformationen"
    /// Absolute base URL ending in `/` (or `/` alone for root-relative canonical links).
    public var baseURL = "/"
    /// Picks the theme's strings file (`templates/strings/de.yml`) and the typography of bodies.
    public var language = "de"
    /// Where `site.yml` sets `language`; nil when it is the default.
    public var languageLocation: SourceLocation?
    public var timeZone = TimeZone(identifier: "Europe/Berlin")!
    /// Output folder, relative to the site root unless absolute.
    public var output = "public"
    /// Raw HTML in Markdown is dropped unless this is true.
    public var allowRawHTML = false
    /// Notices per list page (product, category, all notices).
    public var pageSize = 20
    /// Newest notices on the home page.
    public var homeCount = 10
    /// Longest derived summary, in characters.
    public var summaryLength = 200
    /// Newest entries per Atom feed.
    public var feedSize = 50
    /// An `ongoing` disruption older than this many days draws a warning.
    public var staleOngoingDays = 14
    /// Most notices shown under "Aktuelle Meldungen" (the rest are counted).
    public var currentLimit = 10
    public var segments = Segments()
    /// Where customers sign up for e-mail notices: an e-mail address or an http(s) page; nil
    /// leaves e-mail off the subscribe pages.
    public var emailSignup: String?
    public var categories: [Category] = [
        Category(id: "stoerung", name: "Störung"),
        Category(id: "wartung", name: "Wartung"),
        Category(id: "sicherheit", name: "Sicherheitshinweis"),
        Category(id: "info", name: "Information"),
    ]

    public init() {}

    static let allowedKeys = ["title", "base_url", "language", "time_zone", "output", "allow_raw_html",
                              "page_size", "home_count", "summary_length", "feed_size", "stale_ongoing_days", "current_limit", "segments", "categories",
                              "email_signup"]
}

extension SiteSettings {
    /// Reads `site.yml`; a missing file gives the defaults.
    static func load(_ file: SourceFile?) -> (SiteSettings, [Diagnostic]) {
        var settings = SiteSettings()
        guard let file else { return (settings, []) }
        var diagnostics: [Diagnostic] = []
        let parsed: YAMLValue?
        switch file.decodedText().flatMap({ YAMLParser.parse($0, path: file.path) }) {
        case .failure(let diagnostic): return (settings, [diagnostic])
        case .success(let value): parsed = value
        }
        guard let parsed else { return (settings, []) }
        var reader = MappingReader(parsed, context: MessageArgument(.contextSiteSettings), diagnostics: &diagnostics)
        reader.rejectUnknownKeys(allowed: allowedKeys)
        if let (title, _) = reader.string("title", required: false) { settings.title = title }
        if let (url, location) = reader.string("base_url", required: false) {
            if let problem = URLPath.baseURLProblem(url) {
                reader.diagnostics.append(.error(.badBaseURL, ["problem": .message(problem), "found": .text(url)], at: location))
            } else {
                settings.baseURL = url.hasSuffix("/") ? url : url + "/"
            }
        }
        if let (language, location) = reader.string("language", required: false) {
            if language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) {
                settings.language = language
                settings.languageLocation = location
            } else {
                reader.diagnostics.append(.error(.badLanguage, ["found": .text(language)], at: location))
            }
        }
        if let (zone, location) = reader.string("time_zone", required: false) {
            if let timeZone = TimeZone(identifier: zone) {
                settings.timeZone = timeZone
            } else {
                reader.diagnostics.append(.error(.unknownTimeZone, ["zone": .text(zone)], at: location))
            }
        }
        if let (output, _) = reader.string("output", required: false) { settings.output = output }
        if let (allow, _) = reader.bool("allow_raw_html") { settings.allowRawHTML = allow }
        if let (size, _) = reader.integer("page_size", in: 1...10_000) { settings.pageSize = size }
        if let (count, _) = reader.integer("home_count", in: 0...1_000) { settings.homeCount = count }
        if let (length, _) = reader.integer("summary_length", in: 20...10_000) { settings.summaryLength = length }
        if let (size, _) = reader.integer("feed_size", in: 1...10_000) { settings.feedSize = size }
        if let (days, _) = reader.integer("stale_ongoing_days", in: 1...3650) { settings.staleOngoingDays = days }
        if let (limit, _) = reader.integer("current_limit", in: 1...1_000) { settings.currentLimit = limit }
        if let (signup, location) = reader.string("email_signup", required: false) {
            if isEmailAddress(signup) || isWebAddress(signup) {
                settings.emailSignup = signup
            } else {
                reader.diagnostics.append(.error(.badEmailSignup, ["found": .text(signup)], at: location))
            }
        }
        if let entry = reader["segments"] {
            var segmentReader = MappingReader(entry.value, context: MessageArgument(.contextSegments), diagnostics: &reader.diagnostics)
            segmentReader.rejectUnknownKeys(allowed: ["notices", "products", "categories", "page", "subscribe"])
            let keyPaths: [(String, WritableKeyPath<Segments, String>)] = [
                ("notices", \.notices), ("products", \.products), ("categories", \.categories), ("page", \.page),
                ("subscribe", \.subscribe),
            ]
            for (key, keyPath) in keyPaths {
                guard let (segment, location) = segmentReader.string(key, required: false) else { continue }
                if Slug.isValid(segment) {
                    settings.segments[keyPath: keyPath] = segment
                } else {
                    segmentReader.diagnostics.append(.error(.badSegment, ["segment": .text(segment)], at: location))
                }
            }
            let values = [settings.segments.notices, settings.segments.products, settings.segments.categories,
                          settings.segments.subscribe, "assets"]
            if Set(values).count != values.count {
                segmentReader.diagnostics.append(.error(.segmentsClash, at: entry.value.location))
            }
            reader.diagnostics.append(contentsOf: segmentReader.diagnostics)
        }
        if let entry = reader["categories"] {
            settings.categories = loadCategories(entry.value, &reader.diagnostics)
        }
        diagnostics.append(contentsOf: reader.diagnostics)
        return (settings, diagnostics)
    }

    /// `name@host.tld`, nothing that could end a header or an attribute.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"<>\"'(),;:\\[]".unicodeScalars.contains($0) }
    }

    static func isWebAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && text.count > 8
            && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !"<>\"'".unicodeScalars.contains($0) }
    }

    private static func loadCategories(_ value: YAMLValue, _ diagnostics: inout [Diagnostic]) -> [Category] {
        guard case .list(let items, _) = value, !items.isEmpty else {
            diagnostics.append(.error(.categoriesNotAList, at: value.location))
            return SiteSettings().categories
        }
        var categories: [Category] = []
        for item in items {
            var reader = MappingReader(item, context: MessageArgument(.contextCategory), diagnostics: &diagnostics)
            reader.rejectUnknownKeys(allowed: ["id", "name"])
            let id = reader.string("id", required: true)
            let name = reader.string("name", required: true)
            if let (id, location) = id {
                if !Slug.isValid(id) {
                    reader.diagnostics.append(.error(.badCategoryID, ["id": .text(id)], at: location))
                } else if categories.contains(where: { $0.id == id }) {
                    reader.diagnostics.append(.error(.duplicateCategoryID, ["id": .text(id)], at: location))
                } else if let (name, _) = name {
                    categories.append(Category(id: id, name: name))
                }
            }
            diagnostics.append(contentsOf: reader.diagnostics)
        }
        return categories
    }
}
