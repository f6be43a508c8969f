import Foundation

/// `notices changes` output and the change objects of the `json` webhook and the announcement
/// record. Schema in docs/changes.schema.json (documented in docs/outputs.md); keys in fixed order.
public enum ChangesJSON {
    public static let schemaVersion = 1

    /// The whole document: `{"version":1,"since":…,"now":…,"changes":[…]}`.
    public static func document(_ set: ChangeSet, since: String?, now: NoticeDate) -> [UInt8] {
        JSONValue.object([
            ("version", .int(schemaVersion)),
            ("since", .optional(since)),
            ("now", .string(now.rfc3339DateTime)),
            ("changes", .array(set.changes.map(value))),
        ]).serializedBytes(indent: 2)
    }

    static func value(_ change: Change) -> JSONValue {
        let notice = change.notice
        return .object([
            ("key", .string(change.key)),
            ("kind", .string(change.kind.rawValue)),
            ("id", .string(notice.id)),
            ("title", .string(notice.title)),
            ("url", .string(notice.url)),
            ("updated", .string(notice.updated)),
            ("category", .object([("id", .string(notice.categoryID)), ("name", .string(notice.categoryName))])),
            ("impact", .optional(notice.impact)),
            ("status", .optional(notice.status)),
            ("window", window(notice.window)),
            ("tagged_products", .array(notice.products.map(JSONValue.string))),
            ("products", .array(change.reach.map(JSONValue.string))),
            ("from_status", .optional(change.fromStatus)),
            ("to_status", .optional(change.toStatus)),
            ("previous_window", window(change.previousWindow)),
            (
                "update",
                change.update.map { .object([("date", .string($0.date)), ("text", .string($0.text))]) } ?? .null
            ),
        ])
    }

    private static func window(_ window: NoticeSnapshot.Window?) -> JSONValue {
        window.map { .object([("start", .string($0.start)), ("end", .string($0.end))]) } ?? .null
    }

    /// A change read back from `value(_:)`'s output (the record's owed changes); nil when malformed.
    static func change(from object: [String: Any], timeZone: TimeZone) -> Change? {
        guard let kindText = object["kind"] as? String, let kind = Change.Kind(rawValue: kindText),
            let id = object["id"] as? String, let title = object["title"] as? String,
            let url = object["url"] as? String,
            let category = object["category"] as? [String: Any], let categoryID = category["id"] as? String
        else { return nil }
        func window(_ key: String) -> NoticeSnapshot.Window? {
            guard let value = object[key] as? [String: Any], let start = value["start"] as? String,
                let end = value["end"] as? String,
                let startDate = NoticeDate.parse(start, timeZone: timeZone),
                let endDate = NoticeDate.parse(end, timeZone: timeZone)
            else { return nil }
            return NoticeSnapshot.Window(
                start: start, end: end, startInstant: startDate.instant, endInstant: endDate.instant)
        }
        var update: NoticeSnapshot.Update?
        if let value = object["update"] as? [String: Any], let date = value["date"] as? String,
            let parsed = NoticeDate.parse(date, timeZone: timeZone)
        {
            update = NoticeSnapshot.Update(instant: parsed.instant, date: date, text: (value["text"] as? String) ?? "")
        }
        let notice = NoticeSnapshot(
            id: id, title: title, url: url, categoryID: categoryID,
            categoryName: (category["name"] as? String) ?? categoryID,
            products: (object["tagged_products"] as? [String]) ?? [], impact: object["impact"] as? String,
            status: object["status"] as? String, window: window("window"), updates: update.map { [$0] } ?? [],
            updated: (object["updated"] as? String) ?? "",
            updatedInstant: (object["updated"] as? String).flatMap { NoticeDate.parse($0, timeZone: timeZone)?.instant }
                ?? 0)
        return Change(
            kind: kind, notice: notice, reach: (object["products"] as? [String]) ?? [],
            fromStatus: object["from_status"] as? String, toStatus: object["to_status"] as? String,
            previousWindow: window("previous_window"), update: update)
    }
}
