/// The JSON API: `notices.json` for the whole site and one per catalog node (with roll-up).
/// Schema version 1, documented in docs/outputs.md; keys always in the same order.
struct NoticesJSON {
    static let schemaVersion = 1

    let site: Site
    let paths: SitePaths
    let states: StateTexts

    /// Every document: path, the product it is about (nil for the whole site), its notices.
    var documents: [(path: String, product: Product?, notices: [Int])] {
        [(paths.siteJSON, nil, Array(site.notices.indices))]
            + site.catalog.products.enumerated().map { index, product in
                (paths.productJSON(product.id), product, site.noticesByProduct[index])
            }
    }

    /// Documents one at a time, since each can be large; the entries, shared by every document
    /// that lists the notice, are serialized once (in parallel).
    func files(threads: Int = WorkerThreads.count, emit: ([OutputFile]) throws -> Void) rethrows {
        let entries = site.notices.parallelMap(threads: threads) { notice in
            var bytes: [UInt8] = []
            entry(notice).write(into: &bytes)
            return bytes
        }
        // One document at a time: splicing entries is copying bytes, and two large documents in
        // flight cost more memory than the second core saves time. One buffer serves them all
        // (it is unique again once `emit` has written the file), so a large site's documents of
        // tens of megabytes do not each fault in fresh memory.
        var buffer: [UInt8] = []
        for document in documents {
            buffer.removeAll(keepingCapacity: true)
            self.document(product: document.product, indexes: document.notices, entries: entries, into: &buffer)
            try emit([OutputFile(path: document.path, bytes: buffer)])
        }
    }

    /// The document's head as JSON values, its notices spliced in as bytes: each document
    /// repeats entries the others have, and copying bytes is all that needs.
    private func document(product: Product?, indexes: [Int], entries: [[UInt8]], into bytes: inout [UInt8]) {
        var pairs: [(String, JSONValue)] = [
            ("version", .int(Self.schemaVersion)),
            ("site", .object([("title", .string(site.settings.title)), ("url", .string(paths.absolute(paths.home)))])),
        ]
        if let product {
            pairs.append(
                (
                    "product",
                    .object([
                        ("id", .string(product.id)), ("label", .string(product.label)),
                        ("url", .string(paths.absolute(paths.product(product.id)))),
                    ])
                ))
        }
        pairs.append(
            (
                "next_change",
                .optional(
                    site.nextChange.map { NoticeDate(instant: $0, timeZone: site.settings.timeZone).rfc3339DateTime })
            ))
        pairs.append(("notices", .array([])))
        // `{…,"notices":[]}` with the entries between the brackets.
        var head: [UInt8] = []
        JSONValue.object(pairs).write(into: &head)
        head.removeLast(2)
        bytes.reserveCapacity(head.count + 4 + indexes.reduce(0) { $0 + entries[$1].count + 1 })
        bytes += head
        for (position, index) in indexes.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += entries[index]
        }
        bytes += "]}\n".utf8
    }

    /// `{date, text, html}`: `text` is the update as plain text (Markdown rendered, tags dropped),
    /// `html` the same rendered as in the page.
    static func update(_ update: Lifecycle.Update) -> JSONValue {
        .object([
            ("date", .string(update.date.rfc3339)), ("text", .string(update.text)), ("html", .string(update.html)),
        ])
    }

    /// A catalog id, or the free text the editor wrote (told apart as in front matter).
    static func notAffected(_ entry: Lifecycle.NotAffected) -> JSONValue {
        switch entry {
        case .product(let id): .string(id)
        case .text(let text): .string(text)
        }
    }

    private func entry(_ notice: Notice) -> JSONValue {
        let site = site
        let states = states
        let paths = paths
        let category = site.settings.categories.first { $0.id == notice.category }
        let products: [JSONValue] = notice.products.map { id in
            .object([("id", .string(id)), ("label", .string(site.catalog[id]?.label ?? states.everyProduct))])
        }
        let lifecycle = notice.lifecycle
        return .object([
            ("id", .string(notice.id)),
            ("title", .string(notice.title)),
            ("url", .string(paths.absolute(paths.notice(notice)))),
            ("date", .string(notice.date.rfc3339)),
            ("updated", .string(notice.updated.rfc3339DateTime)),
            (
                "category",
                .object([("id", .string(notice.category)), ("name", .string(category?.name ?? notice.category))])
            ),
            ("products", .array(products)),
            ("summary", .string(notice.summary)),
            ("status", .optional(lifecycle.status?.rawValue)),
            ("impact", .optional(lifecycle.impact?.rawValue)),
            ("resolved_at", .optional(lifecycle.resolvedAt?.rfc3339)),
            (
                "window",
                lifecycle.window.map {
                    .object([("start", .string($0.start.rfc3339DateTime)), ("end", .string($0.end.rfc3339DateTime))])
                } ?? .null
            ),
            ("updates", .array(lifecycle.updates.map(Self.update))),
            ("not_affected", .array(lifecycle.notAffected.map(Self.notAffected))),
            (
                "state",
                .object([
                    ("label", .optional(states.label(for: notice))),
                    ("current", .bool(notice.state.isCurrent)),
                    ("window_phase", .optional(notice.state.windowPhase?.rawValue)),
                    ("expired", .bool(notice.state.expired)),
                ])
            ),
            ("pinned", .bool(lifecycle.pinned)),
            ("expires_at", .optional(lifecycle.expiresAt?.rfc3339)),
        ])
    }
}
