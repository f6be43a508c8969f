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

    static let allowedKeys = [
        "title", "base_url", "language", "time_zone", "output", "allow_raw_html",
        "page_size", "home_count", "summary_length", "feed_size", "stale_ongoing_days", "current_limit", "segments",
        "categories",
        "email_signup",
    ]
}

extension SiteSettings {
    /// Reads `site.yml`; a missing or empty file gives the defaults, and so does each key that
    /// is missing or wrong (the problem reported).
    static func load(_ file: SourceFile?, into diagnostics: inout Diagnostics) -> SiteSettings {
        var settings = SiteSettings()
        guard let file, case .value(let parsed) = YAMLParser.parse(file, into: &diagnostics) else { return settings }
        let reader = MappingReader(parsed, context: MessageArgument(.contextSiteSettings), into: &diagnostics)
        reader.rejectUnknownKeys(allowed: allowedKeys, into: &diagnostics)
        settings.readTexts(reader, into: &diagnostics)
        settings.readNumbers(reader, into: &diagnostics)
        if let entry = reader["segments"] {
            settings.readSegments(entry.value, into: &diagnostics)
        }
        if let entry = reader["categories"] {
            settings.categories = loadCategories(entry.value, into: &diagnostics)
        }
        return settings
    }

    private mutating func readTexts(_ reader: MappingReader, into diagnostics: inout Diagnostics) {
        if let (title, _) = reader.string("title", required: false, into: &diagnostics) { self.title = title }
        if let (url, location) = reader.string("base_url", required: false, into: &diagnostics) {
            if let problem = URLPath.baseURLProblem(url) {
                diagnostics.error(.badBaseURL, ["problem": .message(problem), "found": .text(url)], at: location)
            } else {
                baseURL = url.hasSuffix("/") ? url : url + "/"
            }
        }
        if let (language, location) = reader.string("language", required: false, into: &diagnostics) {
            if language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) {
                self.language = language
                languageLocation = location
            } else {
                diagnostics.error(.badLanguage, ["found": .text(language)], at: location)
            }
        }
        if let (zone, location) = reader.string("time_zone", required: false, into: &diagnostics) {
            if let timeZone = TimeZone(identifier: zone) {
                self.timeZone = timeZone
            } else {
                diagnostics.error(.unknownTimeZone, ["zone": .text(zone)], at: location)
            }
        }
        if let (output, _) = reader.string("output", required: false, into: &diagnostics) { self.output = output }
        if let (allow, _) = reader.bool("allow_raw_html", into: &diagnostics) { allowRawHTML = allow }
        if let (signup, location) = reader.string("email_signup", required: false, into: &diagnostics) {
            if Self.isEmailAddress(signup) || Self.isWebAddress(signup) {
                emailSignup = signup
            } else {
                diagnostics.error(.badEmailSignup, ["found": .text(signup)], at: location)
            }
        }
    }

    private mutating func readNumbers(_ reader: MappingReader, into diagnostics: inout Diagnostics) {
        let numbers: [(String, ClosedRange<Int>, WritableKeyPath<SiteSettings, Int>)] = [
            ("page_size", 1...10_000, \.pageSize), ("home_count", 0...1_000, \.homeCount),
            ("summary_length", 20...10_000, \.summaryLength), ("feed_size", 1...10_000, \.feedSize),
            ("stale_ongoing_days", 1...3650, \.staleOngoingDays), ("current_limit", 1...1_000, \.currentLimit),
        ]
        for (key, range, keyPath) in numbers {
            if let (value, _) = reader.integer(key, in: range, into: &diagnostics) { self[keyPath: keyPath] = value }
        }
    }

    private mutating func readSegments(_ value: YAMLValue, into diagnostics: inout Diagnostics) {
        let reader = MappingReader(value, context: MessageArgument(.contextSegments), into: &diagnostics)
        reader.rejectUnknownKeys(
            allowed: ["notices", "products", "categories", "page", "subscribe"], into: &diagnostics)
        let keyPaths: [(String, WritableKeyPath<Segments, String>)] = [
            ("notices", \.notices), ("products", \.products), ("categories", \.categories), ("page", \.page),
            ("subscribe", \.subscribe),
        ]
        for (key, keyPath) in keyPaths {
            guard let (segment, location) = reader.string(key, required: false, into: &diagnostics) else { continue }
            if Slug.isValid(segment) {
                segments[keyPath: keyPath] = segment
            } else {
                diagnostics.error(.badSegment, ["segment": .text(segment)], at: location)
            }
        }
        let values = [segments.notices, segments.products, segments.categories, segments.subscribe, "assets"]
        if Set(values).count != values.count {
            diagnostics.error(.segmentsClash, at: value.location)
        }
    }

    /// `name@host.tld`, nothing that could end a header or an attribute.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".")
            && text.unicodeScalars.allSatisfy {
                $0.value > 0x20 && $0.value < 0x7F && !"<>\"'(),;:\\[]".unicodeScalars.contains($0)
            }
    }

    static func isWebAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && text.count > 8
            && text.unicodeScalars.allSatisfy {
                $0.value > 0x20 && $0.value != 0x7F && !"<>\"'".unicodeScalars.contains($0)
            }
    }

    private static func loadCategories(_ value: YAMLValue, into diagnostics: inout Diagnostics) -> [Category] {
        guard case .list(let items, _) = value, !items.isEmpty else {
            diagnostics.append(.error(.categoriesNotAList, at: value.location))
            return SiteSettings().categories
        }
        var categories: [Category] = []
        for item in items {
            let reader = MappingReader(item, context: MessageArgument(.contextCategory), into: &diagnostics)
            reader.rejectUnknownKeys(allowed: ["id", "name"], into: &diagnostics)
            let id = reader.string("id", required: true, into: &diagnostics)
            let name = reader.string("name", required: true, into: &diagnostics)
            if let (id, location) = id {
                if !Slug.isValid(id) {
                    diagnostics.append(.error(.badCategoryID, ["id": .text(id)], at: location))
                } else if categories.contains(where: { $0.id == id }) {
                    diagnostics.append(.error(.duplicateCategoryID, ["id": .text(id)], at: location))
                } else if let (name, _) = name {
                    categories.append(Category(id: id, name: name))
                }
            }
        }
        return categories
    }
}
