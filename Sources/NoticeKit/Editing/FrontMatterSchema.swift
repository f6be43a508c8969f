import Foundation

/// A JSON Schema (draft 2020-12) of a notice's front matter for one site: its category ids, its
/// product ids (with their labels as descriptions) and the lifecycle keys, for editors' tools
/// that complete and check YAML (`notices schema`). What the schema cannot say (a product id that
/// is spelt like one but unknown in `not_affected`, dates that do not exist) `notices check` says.
public enum FrontMatterSchema {
    static let datePattern =
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?)?$"
    static let slugPattern = "^[a-z0-9]+(-[a-z0-9]+)*$"

    /// The schema as pretty-printed JSON with sorted keys (the same bytes for the same site).
    public static func json(settings: SiteSettings, catalog: Catalog) -> String {
        let data = try? JSONSerialization.data(
            withJSONObject: schema(settings: settings, catalog: catalog),
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return (data.map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }

    // long because: the schema is one literal, key by key as a notice's front matter has them;
    // split up, the keys would be spread over helpers that each hold one.
    static func schema(settings: SiteSettings, catalog: Catalog) -> [String: Any] {
        let date: [String: Any] = [
            "type": "string", "pattern": datePattern,
            "description": "2016-04-20 or 2016-04-20T09:30 (optionally with seconds and an offset like +02:00)",
        ]
        let products: [[String: Any]] =
            [["const": Catalog.everyProductID, "description": "every product"]]
            + catalog.products.map { ["const": $0.id, "description": $0.label] }
        let product: [String: Any] = ["anyOf": products]
        let productList: [String: Any] = ["anyOf": [["type": "array", "items": product, "minItems": 1], product]]
        let text: [String: Any] = ["type": "string", "minLength": 1]
        let categories = settings.categories.map { ["const": $0.id, "description": $0.name] as [String: Any] }
        let properties: [String: Any] = [
            "title": text.merging(["description": "the headline"]) { $1 },
            "date": date,
            "category": ["anyOf": categories, "description": "one category id of content/site.yml"],
            "products": productList.merging(["description": "catalog ids of content/products.yml; all: every product"])
            { $1 },
            "summary": text.merging(["description": "one sentence for lists and search engines"]) { $1 },
            "slug": [
                "type": "string", "pattern": slugPattern, "description": "the URL name (default: from the file name)",
            ],
            "aliases": [
                "type": "array", "items": ["type": "string", "pattern": "^/[^?#:\\\\ ]+$"],
                "description": "old URLs that redirect here",
            ],
            "status": ["enum": Lifecycle.Status.allCases.map(\.rawValue), "description": "of a disruption"],
            "resolved_at": date.merging(["description": "when the disruption was resolved (needs status: resolved)"]) {
                $1
            },
            "window": [
                "type": "object", "properties": ["start": date, "end": date], "required": ["start", "end"],
                "additionalProperties": false, "description": "the maintenance window",
            ],
            "updates": [
                "type": "array",
                "items": [
                    "type": "object", "properties": ["date": date, "text": text],
                    "required": ["date", "text"], "additionalProperties": false,
                ],
            ],
            "not_affected": [
                "type": "array", "items": ["type": "string", "minLength": 1],
                "description": "catalog ids, or free text with a capital letter or a space",
            ],
            "impact": [
                "enum": Impact.allCases.map(\.rawValue),
                "description":
                    "how bad a disruption or security notice is (\(Impact.categories.joined(separator: ", ")) only; default \(Impact.defaultValue.rawValue))",
            ],
            "draft": ["type": "boolean"],
            "pinned": ["type": "boolean"],
            "publish_at": date.merging(["description": "published from then on"]) { $1 },
            "expires_at": date.merging(["description": "no longer published from then on"]) { $1 },
        ]
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Front matter of a notice",
            "type": "object",
            "properties": properties,
            "required": ["title", "date", "category", "products"],
            "additionalProperties": false,
            "dependentSchemas": [
                "resolved_at": ["properties": ["status": ["const": "resolved"]], "required": ["status"]]
            ],
        ]
    }
}
