/// The published notices, finished: pass 2 renders the bodies that link to other notices (now
/// that `LinkTable` knows every URL), each notice gets its state at "now", and what needs every
/// notice at once is checked: links to headings of other notices, `ongoing` notices left stale.
struct FinishedNotices {
    /// In path order; `Site` sorts them.
    var notices: [Notice]

    init(
        _ heads: NoticeHeads, links: LinkTable, decoder: NoticeDecoder, settings: SiteSettings, time: BuildTime,
        cache: NoticeCache?, threads: Int, into diagnostics: inout Diagnostics
    ) {
        let published = zip(heads.entries, links.owns).filter { $0.published && $1 }.map(\.0)
        let waiting = published.filter { $0.finished == nil }.map(\.head)
        var linked = waiting.parallelMap(threads: threads) { head in
            let finished = Checked { decoder.finish(head, linker: links.linker, into: &$0) }
            cache?.store(head.path, finished: finished)
            return finished
        }.makeIterator()
        var notices: [Notice] = []
        notices.reserveCapacity(published.count)
        for entry in published {
            // Pass 2's results come in the order of `waiting`, which keeps the order of `published`.
            guard let finished = entry.finished ?? linked.next(), let notice = finished.value else { continue }
            diagnostics.append(contentsOf: entry.problems)
            diagnostics.append(contentsOf: finished.diagnostics)
            let scheduled = notice.lifecycle.publishAt.map { $0.instant > time.now } ?? false
            let stamped = notice.at(
                NoticeState(notice.lifecycle, now: time.now, preview: notice.lifecycle.draft || scheduled))
            if let stale = EditorialWarnings.staleOngoing(
                stamped, location: entry.head.statusLocation, now: time.now,
                days: settings.staleOngoingDays)
            {
                diagnostics.append(stale)
            }
            notices.append(stamped)
        }
        self.notices = notices
        Self.checkAnchors(notices, into: &diagnostics)
    }

    /// Links to headings (`other.md#abhilfe`, `#abhilfe`), now that every body's anchors are known.
    private static func checkAnchors(_ notices: [Notice], into diagnostics: inout Diagnostics) {
        let anchorsBySource = Dictionary(
            uniqueKeysWithValues: notices.map { ($0.sourcePath, $0.body.headings.map(\.id)) })
        for notice in notices {
            for check in notice.anchorChecks {
                // Footnote anchors (`#fn1`) are cmark-gfm's, not headings.
                guard let anchors = anchorsBySource[check.targetSource], !anchors.contains(check.fragment),
                    !check.fragment.hasPrefix("fn")
                else { continue }
                let which =
                    check.targetSource == notice.sourcePath ? MessageArgument(.thisNotice) : .text(check.targetSource)
                diagnostics.error(
                    .unknownHeading,
                    [
                        "fragment": .text(check.fragment), "notice": which,
                        "hint": Suggestions.hint(for: check.fragment, in: anchors),
                    ],
                    at: check.location)
            }
        }
    }
}
