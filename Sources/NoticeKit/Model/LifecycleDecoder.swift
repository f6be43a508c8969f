import Foundation

/// Reads the lifecycle keys of a notice's front matter (see `Lifecycle`).
struct LifecycleDecoder {
    let timeZone: TimeZone
    let catalog: Catalog
    let renderer: MarkdownRenderer

    static let keys = [
        "status", "resolved_at", "window", "updates", "not_affected", "draft", "publish_at", "expires_at", "pinned",
    ]

    func decode(_ reader: MappingReader, into diagnostics: inout Diagnostics) -> Lifecycle {
        var lifecycle = Lifecycle()
        if let (text, location) = reader.string("status", required: false, into: &diagnostics) {
            if let status = Lifecycle.Status(rawValue: text) {
                lifecycle.status = status
            } else {
                let allowed = Lifecycle.Status.allCases.map(\.rawValue)
                diagnostics.append(
                    .error(
                        .unknownStatus,
                        [
                            "status": .text(text), "hint": Suggestions.hint(for: text, in: allowed),
                            "allowed": .text(allowed.joined(separator: ", ")),
                        ], at: location))
            }
        }
        lifecycle.resolvedAt = date("resolved_at", reader, &diagnostics)
        if let entry = reader["resolved_at"], lifecycle.status != .resolved,
            reader["status"] != nil || lifecycle.resolvedAt != nil
        {
            diagnostics.append(
                .error(
                    .resolvedAtNeedsResolved,
                    [
                        "found": lifecycle.status.map { MessageArgument(.foundStatus, ["status": .text($0.rawValue)]) }
                            ?? .empty
                    ], at: entry.keyLocation))
        }
        if lifecycle.status == .resolved, reader["resolved_at"] == nil, let entry = reader["status"] {
            diagnostics.append(.warning(.resolvedWithoutDate, at: entry.value.location))
        }
        lifecycle.window = window(reader, &diagnostics)
        lifecycle.updates = updates(reader, &diagnostics)
        lifecycle.notAffected = notAffected(reader, &diagnostics)
        lifecycle.draft = reader.bool("draft", into: &diagnostics)?.0 ?? false
        lifecycle.pinned = reader.bool("pinned", into: &diagnostics)?.0 ?? false
        lifecycle.publishAt = date("publish_at", reader, &diagnostics)
        lifecycle.expiresAt = date("expires_at", reader, &diagnostics)
        if let publish = lifecycle.publishAt, let expires = lifecycle.expiresAt, expires <= publish,
            let entry = reader["expires_at"]
        {
            diagnostics.append(
                .error(
                    .expiresBeforePublish, ["expires": .text(expires.rfc3339), "publish": .text(publish.rfc3339)],
                    at: entry.value.location))
        }
        return lifecycle
    }

    /// A date or date-time value of `key` in `reader`.
    func date(_ key: String, _ reader: MappingReader, _ diagnostics: inout Diagnostics) -> NoticeDate? {
        guard let (text, location) = reader.string(key, required: false, into: &diagnostics) else { return nil }
        guard let date = NoticeDate.parse(text, timeZone: timeZone) else {
            diagnostics.append(
                .error(
                    .badDateTime, ["key": .text(key), "found": .text(text), "hint": GermanDate.isoHint(for: text)],
                    at: location))
            return nil
        }
        return date
    }

    private func window(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> Lifecycle.Window? {
        guard let entry = reader["window"] else { return nil }
        let inner = MappingReader(entry.value, context: MessageArgument(.contextWindow), into: &diagnostics)
        inner.rejectUnknownKeys(allowed: ["start", "end"], into: &diagnostics)
        let start = date("start", inner, &diagnostics)
        let end = date("end", inner, &diagnostics)
        if inner["start"] == nil { inner.missing("start", into: &diagnostics) }
        if inner["end"] == nil { inner.missing("end", into: &diagnostics) }
        guard let start, let end else { return nil }
        guard end > start else {
            diagnostics.append(
                .error(
                    .windowEndBeforeStart, ["end": .text(end.rfc3339), "start": .text(start.rfc3339)],
                    at: inner["end"]!.value.location))
            return nil
        }
        return Lifecycle.Window(start: start, end: end)
    }

    private func updates(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> [Lifecycle.Update] {
        guard let entry = reader["updates"] else { return [] }
        guard case .list(let items, _) = entry.value else {
            diagnostics.append(.error(.updatesNotAList, ["found": entry.value.described], at: entry.value.location))
            return []
        }
        var result: [Lifecycle.Update] = []
        for item in items {
            let inner = MappingReader(item, context: MessageArgument(.contextUpdate), into: &diagnostics)
            inner.rejectUnknownKeys(allowed: ["date", "text"], into: &diagnostics)
            if inner["date"] == nil { inner.missing("date", into: &diagnostics) }
            let date = date("date", inner, &diagnostics)
            let text = inner.string("text", required: true, into: &diagnostics)
            if let date, let (text, _) = text {
                let rendered = renderer.render(text)
                result.append(
                    Lifecycle.Update(date: date, html: rendered.html, text: rendered.paragraphs.joined(separator: " ")))
            }
        }
        return result.sorted { $0.date > $1.date }
    }

    /// Entries spelled like an id (lower-case, digits, dashes) must be catalog ids; anything else
    /// is a free-text line.
    private func notAffected(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> [Lifecycle.NotAffected] {
        guard let entries = reader.stringList("not_affected", required: false, into: &diagnostics) else { return [] }
        return entries.compactMap { text, location in
            let trimmed = text.trimmingWhitespace
            guard Slug.isValid(trimmed) else { return .text(trimmed) }
            guard catalog.index(of: trimmed) != nil else {
                diagnostics.append(
                    .error(
                        .unknownProductNotAffected,
                        ["id": .text(trimmed), "hint": Suggestions.hint(forProduct: trimmed, in: catalog)], at: location
                    ))
                return nil
            }
            return .product(trimmed)
        }
    }
}
