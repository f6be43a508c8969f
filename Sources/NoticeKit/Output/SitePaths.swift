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
    public var products: String { segments.products + "/" }

    public func notice(_ notice: Notice) -> String { "\(segments.notices)/\(notice.id)/" }
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
