/// Pass 1 over the notice files: every notice's front matter, and the finished body of each
/// published notice whose links stay within itself, its folder or the catalog. A body that links
/// to another notice's file needs every notice's URL (`LinkTable`) and is finished in pass 2
/// (`FinishedNotices`); most link none, so most bodies are rendered here, once.
struct NoticeHeads {
    struct Entry {
        var head: NoticeDecoder.Head
        /// Whether this build publishes the notice (`isPublished(_:at:)`).
        var published: Bool
        /// The front matter's warnings: reported with the notice, so a draft's stay silent like its page.
        var problems: Diagnostics
        /// The finished notice, or nil when it is not published or must wait for pass 2.
        var finished: Checked<Notice>?
    }

    /// The notices whose front matter could be read, in path order.
    var entries: [Entry]

    /// Decodes `files` in batches, in parallel, emptying `files` as it goes: a batch's bytes are
    /// dropped once decoded and rendered bodies replace the text, so a large site is not held in
    /// memory two or three times. The bytes are only freed when no one else holds `files`.
    static func decode(
        _ files: inout [SourceFile], decoder: NoticeDecoder, localLinks: NoticeLinker, time: BuildTime,
        cache: NoticeCache?, threads: Int, into diagnostics: inout Diagnostics
    ) -> NoticeHeads {
        var entries: [Entry] = []
        entries.reserveCapacity(files.count)
        for batch in batches(files.count) {
            let decoded = Array(files[batch]).parallelMap(threads: threads) { file in
                decodeOne(file, decoder: decoder, localLinks: localLinks, time: time, cache: cache)
            }
            for index in batch { files[index].bytes = [] }
            for result in decoded {
                if let entry = result.value {
                    entries.append(entry)
                } else {
                    diagnostics.append(contentsOf: result.diagnostics)
                }
            }
        }
        files = []
        return NoticeHeads(entries: entries)
    }

    private static func decodeOne(
        _ file: SourceFile, decoder: NoticeDecoder, localLinks: NoticeLinker, time: BuildTime,
        cache: NoticeCache?
    ) -> Checked<Entry> {
        let decoded: Checked<NoticeDecoder.Head>
        if let hit = cache?.head(file) {
            decoded = hit
        } else {
            decoded = Checked { decoder.decodeHead(file, into: &$0) }
            cache?.store(file, head: decoded)
        }
        guard let head = decoded.value else { return Checked(value: nil, diagnostics: decoded.diagnostics) }
        var entry = Entry(head: head, published: isPublished(head.lifecycle, at: time), problems: decoded.diagnostics)
        guard entry.published else { return Checked(value: entry, diagnostics: Diagnostics()) }
        if let hit = cache?.finished(head.path) {
            entry.finished = hit
        } else {
            let finished = Checked { decoder.finishIfLinksAreLocal(head, linker: localLinks, into: &$0) }
            if finished.value != nil {
                cache?.store(head.path, finished: finished)
                entry.finished = finished
            }
        }
        if entry.finished != nil { entry.head.body = "" }  // rendered: the text is not needed again
        return Checked(value: entry, diagnostics: Diagnostics())
    }

    /// The next moment after `time.now` at which a notice appears, expires, or a window starts or
    /// ends (`Site.nextChange`); drafts count only when the build includes them.
    func nextChange(after time: BuildTime, links: LinkTable) -> Int64? {
        zip(entries, links.owns).lazy.filter { $1 }.map(\.0.head).filter { !$0.lifecycle.draft || time.includeDrafts }
            .flatMap { head in
                let lifecycle = head.lifecycle
                return [lifecycle.publishAt, lifecycle.expiresAt, lifecycle.window?.start, lifecycle.window?.end]
            }
            .compactMap { $0?.instant }.filter { $0 > time.now }.min()
    }

    /// Whether a build at `time` publishes a notice: drafts and scheduled ones only on request.
    static func isPublished(_ lifecycle: Lifecycle, at time: BuildTime) -> Bool {
        let scheduled = lifecycle.publishAt.map { $0.instant > time.now } ?? false
        return !(lifecycle.draft && !time.includeDrafts) && !(scheduled && !time.includeFuture)
    }

    /// Notices decoded per batch: enough to keep every core busy, few enough that text and
    /// results of one batch are all that is held twice.
    static let batchSize = 256

    static func batches(_ count: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: batchSize).map { $0..<min(count, $0 + batchSize) }
    }
}
