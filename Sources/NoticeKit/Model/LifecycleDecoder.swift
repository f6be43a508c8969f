import Foundation

/// Reads the lifecycle keys of a notice's front matter (see `Lifecycle`).
struct LifecycleDecoder {
    let timeZone: TimeZone
    let catalog: Catalog
    let renderer: MarkdownRenderer

    static let keys = ["status", "resolved_at", "window", "updates", "not_affected", "draft", "publish_at", "expires_at", "pinned"]

    func decode(_ reader: inout MappingReader) -> Lifecycle {
        var lifecycle = Lifecycle()
        if let (text, location) = reader.string("status", required: false) {
            if let status = Lifecycle.Status(rawValue: text) {
                lifecycle.status = status
            } else {
                let allowed = Lifecycle.Status.allCases.map(\.rawValue)
                reader.diagnostics.append(.error(.unknownStatus, ["status": .text(text), "hint": Suggestions.hint(for: text, in: allowed), "allowed": .text(allowed.joined(separator: ", "))], at: location))
            }
        }
        lifecycle.resolvedAt = date("resolved_at", &reader)
        if let entry = reader["resolved_at"], lifecycle.status != .resolved, reader["status"] != nil || lifecycle.resolvedAt != nil {
            reader.diagnostics.append(.error(.resolvedAtNeedsResolved, ["found": lifecycle.status.map { MessageArgument(.foundStatus, ["status": .text($0.rawValue)]) } ?? .empty], at: entry.keyLocation))
        }
        if lifecycle.status == .resolved, reader["resolved_at"] == nil, let entry = reader["status"] {
            reader.diagnostics.append(.warning(.resolvedWithoutDate, at: entry.value.location))
        }
        lifecycle.window = window(&reader)
        lifecycle.updates = updates(&reader)
        lifecycle.notAffected = notAffected(&reader)
        lifecycle.draft = reader.bool("draft")?.0 ?? false
        lifecycle.pinned = reader.bool("pinned")?.0 ?? false
        lifecycle.publishAt = date("publish_at", &reader)
        lifecycle.expiresAt = date("expires_at", &reader)
        if let publish = lifecycle.publishAt, let expires = lifecycle.expiresAt, expires <= publish, let entry = reader["expires_at"] {
            reader.diagnostics.append(.error(.expiresBeforePublish, ["expires": .text(expires.rfc3339), "publish": .text(publish.rfc3339)], at: entry.value.location))
        }
        return lifecycle
    }

    /// A date or date-time value of `key` in `reader`.
    func date(_ key: String, _ reader: inout MappingReader) -> NoticeDate? {
        guard let (text, location) = reader.string(key, required: false) else { return nil }
        guard let date = NoticeDate.parse(text, timeZone: timeZone) else {
            reader.diagnostics.append(.error(.badDateTime, ["key": .text(key), "found": .text(text), "hint": GermanDate.isoHint(for: text)], at: location))
            return nil
        }
        return date
    }

    private func window(_ reader: inout MappingReader) -> Lifecycle.Window? {
        guard let entry = reader["window"] else { return nil }
        var inner = MappingReader(entry.value, context: MessageArgument(.contextWindow), diagnostics: &reader.diagnostics)
        inner.rejectUnknownKeys(allowed: ["start", "end"])
        let start = date("start", &inner), end = date("end", &inner)
        if inner["start"] == nil { inner.missing("start") }
        if inner["end"] == nil { inner.missing("end") }
        defer { reader.diagnostics.append(contentsOf: inner.diagnostics) }
        guard let start, let end else { return nil }
        guard end > start else {
            inner.diagnostics.append(.error(.windowEndBeforeStart, ["end": .text(end.rfc3339), "start": .text(start.rfc3339)], at: inner["end"]!.value.location))
            return nil
        }
        return Lifecycle.Window(start: start, end: end)
    }

    private func updates(_ reader: inout MappingReader) -> [Lifecycle.Update] {
        guard let entry = reader["updates"] else { return [] }
        guard case .list(let items, _) = entry.value else {
            reader.diagnostics.append(.error(.updatesNotAList, ["found": entry.value.described], at: entry.value.location))
            return []
        }
        var result: [Lifecycle.Update] = []
        for item in items {
            var inner = MappingReader(item, context: MessageArgument(.contextUpdate), diagnostics: &reader.diagnostics)
            inner.rejectUnknownKeys(allowed: ["date", "text"])
            if inner["date"] == nil { inner.missing("date") }
            let date = date("date", &inner)
            let text = inner.string("text", required: true)
            reader.diagnostics.append(contentsOf: inner.diagnostics)
            if let date, let (text, _) = text {
                let rendered = renderer.render(text)
                result.append(Lifecycle.Update(date: date, html: rendered.html, text: rendered.paragraphs.joined(separator: " ")))
            }
        }
        return result.sorted { $0.date > $1.date }
    }

    /// Entries spelled like an id (lower-case, digits, dashes) must be catalog ids; anything else
    /// is a free-text line.
    private func notAffected(_ reader: inout MappingReader) -> [Lifecycle.NotAffected] {
        guard let entries = reader.stringList("not_affected", required: false) else { return [] }
        return entries.compactMap { text, location in
            let trimmed = text.trimmingWhitespace
            guard Slug.isValid(trimmed) else { return .text(trimmed) }
            guard catalog.index(of: trimmed) != nil else {
                reader.diagnostics.append(.error(.unknownProductNotAffected, ["id": .text(trimmed), "hint": Suggestions.hint(forProduct: trimmed, in: catalog)], at: location))
                return nil
            }
            return .product(trimmed)
        }
    }
}
