import Foundation

/// What a change is computed from: each notice as `notices.json` publishes it, read back from a
/// published file or taken from the site as it would be built now.
public struct NoticeSnapshot: Sendable, Equatable {
    public struct Update: Sendable, Equatable {
        /// Seconds since 1970: published files may write the same moment in another offset.
        public var instant: Int64
        public var date: String
        public var text: String
    }

    public struct Window: Sendable, Equatable {
        public var start: String
        public var end: String
        public var startInstant: Int64
        public var endInstant: Int64
    }

    public var id: String
    public var title: String
    public var url: String
    public var categoryID: String
    public var categoryName: String
    /// Catalog ids the notice is tagged with (`all` included), as published.
    public var products: [String]
    public var impact: String?
    public var status: String?
    public var window: Window?
    public var updates: [Update]
    /// The notice's own latest moment (`updated` in notices.json: date, resolution, newest
    /// update), which tells a second resolution of a reopened disruption from the first.
    public var updated: String = ""
    public var updatedInstant: Int64 = 0
}

/// The notices of one published `notices.json`, by id.
public struct PublishedNotices: Sendable, Equatable {
    public var notices: [String: NoticeSnapshot]

    public init(notices: [NoticeSnapshot]) {
        self.notices = Dictionary(notices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads a `notices.json` (schema version 1). `path` names the file or URL in messages.
    /// nil (the problem reported) when the bytes are no such file.
    public static func decode(_ bytes: [UInt8], path: String, timeZone: TimeZone, into diagnostics: inout Diagnostics)
        -> PublishedNotices?
    {
        func failure(_ message: String) -> PublishedNotices? {
            diagnostics.error(.publishedUnreadable, ["detail": .text(message)], at: SourceLocation(path: path))
            return nil
        }
        guard let root = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            return failure("not a JSON object")
        }
        guard let version = root["version"] as? Int else { return failure("no 'version' (expected 1)") }
        guard version == NoticesJSON.schemaVersion else {
            return failure("schema version \(version) is not supported (expected \(NoticesJSON.schemaVersion))")
        }
        guard let entries = root["notices"] as? [[String: Any]] else { return failure("no 'notices' list") }
        var notices: [NoticeSnapshot] = []
        for (index, entry) in entries.enumerated() {
            guard let notice = snapshot(entry, timeZone: timeZone) else {
                return failure("notice \(index + 1) lacks 'id', 'title', 'url', 'category' or 'products'")
            }
            notices.append(notice)
        }
        return PublishedNotices(notices: notices)
    }

    private static func snapshot(_ entry: [String: Any], timeZone: TimeZone) -> NoticeSnapshot? {
        guard let id = entry["id"] as? String, let title = entry["title"] as? String, let url = entry["url"] as? String,
            let category = entry["category"] as? [String: Any], let categoryID = category["id"] as? String,
            let products = entry["products"] as? [[String: Any]]
        else { return nil }
        var window: NoticeSnapshot.Window?
        if let value = entry["window"] as? [String: Any], let start = value["start"] as? String,
            let end = value["end"] as? String,
            let startDate = NoticeDate.parse(start, timeZone: timeZone),
            let endDate = NoticeDate.parse(end, timeZone: timeZone)
        {
            window = NoticeSnapshot.Window(
                start: start, end: end, startInstant: startDate.instant, endInstant: endDate.instant)
        }
        let updates: [NoticeSnapshot.Update] = ((entry["updates"] as? [[String: Any]]) ?? []).compactMap { update in
            guard let date = update["date"] as? String, let parsed = NoticeDate.parse(date, timeZone: timeZone) else {
                return nil
            }
            return NoticeSnapshot.Update(instant: parsed.instant, date: date, text: (update["text"] as? String) ?? "")
        }
        let impact = entry["impact"] as? String
        let updated = (entry["updated"] as? String) ?? ""
        return NoticeSnapshot(
            id: id, title: title, url: url, categoryID: categoryID,
            categoryName: (category["name"] as? String) ?? categoryID,
            products: products.compactMap { $0["id"] as? String }, impact: impact,
            status: entry["status"] as? String, window: window, updates: updates,
            updated: updated, updatedInstant: NoticeDate.parse(updated, timeZone: timeZone)?.instant ?? 0)
    }
}

extension NoticeSnapshot {
    /// The notice as this build publishes it.
    init(_ notice: Notice, site: Site, paths: SitePaths) {
        let category = site.settings.categories.first { $0.id == notice.category }
        let lifecycle = notice.lifecycle
        self.init(
            id: notice.id, title: notice.title, url: paths.absolute(paths.notice(notice)), categoryID: notice.category,
            categoryName: category?.name ?? notice.category, products: notice.products,
            impact: lifecycle.impact?.rawValue,
            status: lifecycle.status?.rawValue,
            window: lifecycle.window.map {
                Window(
                    start: $0.start.rfc3339DateTime, end: $0.end.rfc3339DateTime, startInstant: $0.start.instant,
                    endInstant: $0.end.instant)
            },
            updates: lifecycle.updates.map { Update(instant: $0.date.instant, date: $0.date.rfc3339, text: $0.text) },
            updated: notice.updated.rfc3339DateTime, updatedInstant: notice.updated.instant)
    }
}

extension PublishedNotices {
    /// Every notice the site publishes at its build time.
    public init(site: Site) {
        let paths = SitePaths(settings: site.settings)
        self.init(notices: site.notices.map { NoticeSnapshot($0, site: site, paths: paths) })
    }
}
