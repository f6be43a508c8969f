/// Every URL of the site, relative to the site root, without a leading slash; folders end in `/`
/// and are written as `folder/index.html` (pretty URLs).
public struct SitePaths: Sendable {
    public var segments: SiteSettings.Segments
    public var baseURL: String

    public init(settings: SiteSettings) {
        segments = settings.segments
        baseURL = settings.baseURL
    }

    public var home: String { "" }
    public var stylesheet: String { "assets/style.css" }
    public var script: String { "assets/notices.js" }
    public var searchIndex: String { "search.json" }
    public var catalogJSON: String { "catalog.json" }
    public var products: String { segments.products + "/" }

    public func notice(_ notice: Notice) -> String { self.notice(id: notice.id) }
    public func notice(id: String) -> String { "\(segments.notices)/\(id)/" }
    public func year(_ year: Int, page: Int = 1) -> String { paged("\(segments.notices)/\(year)/", page) }
    public var siteFeed: String { "feed.xml" }
    public func productFeed(_ id: String) -> String { "\(segments.products)/\(id)/feed.xml" }
    public func categoryFeed(_ id: String) -> String { "\(segments.categories)/\(id)/feed.xml" }
    public var siteJSON: String { "notices.json" }
    public func productJSON(_ id: String) -> String { "\(segments.products)/\(id)/notices.json" }
    public var siteStatus: String { "status.json" }
    public var statusTexts: String { "status-texts.json" }
    public func productStatus(_ id: String) -> String { "\(segments.products)/\(id)/status.json" }
    public func productBadge(_ id: String) -> String { "\(segments.products)/\(id)/status.svg" }
    public var siteCalendar: String { "wartung.ics" }
    public func productCalendar(_ id: String) -> String { "\(segments.products)/\(id)/wartung.ics" }
    public var notFound: String { "404.html" }
    public var subscribe: String { segments.subscribe + "/" }
    public func productSubscribe(_ id: String) -> String { "\(segments.products)/\(id)/\(segments.subscribe)/" }

    /// The path part of the base URL (`/hilfe/` for `https://example.de/hilfe/`), for server configs.
    public var basePath: String {
        guard let scheme = baseURL.range(of: "://") else { return baseURL }
        let rest = baseURL[scheme.upperBound...]
        return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
    }

    /// The host of the base URL, for iCalendar UIDs; `notices.invalid` for a relative base URL.
    public var host: String {
        guard let scheme = baseURL.range(of: "://") else { return "notices.invalid" }
        let rest = baseURL[scheme.upperBound...]
        return String(rest.prefix { $0 != "/" && $0 != ":" })
    }
    public func notices(page: Int = 1) -> String { paged(segments.notices + "/", page) }
    public func product(_ id: String, page: Int = 1) -> String { paged("\(segments.products)/\(id)/", page) }
    public func category(_ id: String, page: Int = 1) -> String { paged("\(segments.categories)/\(id)/", page) }

    /// The file a folder URL is written to.
    public func file(for url: String) -> String { url.isEmpty || url.hasSuffix("/") ? url + "index.html" : url }

    /// From a page at `url` back to the site root: `""`, `"../"`, `"../../"`…
    public func root(from url: String) -> String {
        let depth = url.split(separator: "/").count - (url.hasSuffix("/") || url.isEmpty ? 0 : 1)
        return String(repeating: "../", count: max(0, depth))
    }

    /// Absolute URL (or root-relative when the base URL is `/`).
    public func absolute(_ url: String) -> String { baseURL + url }

    private func paged(_ first: String, _ page: Int) -> String {
        page <= 1 ? first : "\(first)\(segments.page)/\(page)/"
    }
}
