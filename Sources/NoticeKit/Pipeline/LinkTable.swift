/// Every notice's URL, known once pass 1 has read every front matter: what links between notices
/// resolve against. Drafts and scheduled notices claim their URL too, so a clash shows before
/// they are published.
struct LinkTable {
    /// Resolves links in bodies, with every notice's URL and whether this build publishes it.
    let linker: NoticeLinker
    /// For each entry of the heads: whether it is the first to claim its URL (a second notice
    /// with that URL is an error). By position, since Swift compares strings by canonical
    /// equivalence and two files may have names that differ only in Unicode normalisation.
    let owns: [Bool]

    init(
        _ heads: NoticeHeads, attachments: Set<String>, catalog: Catalog, paths: SitePaths,
        into diagnostics: inout Diagnostics
    ) {
        var owners: [String: String] = [:]
        var targets: [String: NoticeLinker.Target] = [:]
        var owns: [Bool] = []
        owns.reserveCapacity(heads.entries.count)
        for entry in heads.entries {
            let head = entry.head
            if let other = owners[head.id] {
                diagnostics.error(
                    .duplicateNoticeURL, ["id": .text(head.id), "other": .text(other)],
                    at: SourceLocation(path: head.path))
                owns.append(false)
                continue
            }
            owners[head.id] = head.path
            owns.append(true)
            targets[head.path] = NoticeLinker.Target(url: paths.notice(id: head.id), published: entry.published)
        }
        self.owns = owns
        linker = NoticeLinker(notices: targets, attachments: attachments, catalog: catalog, paths: paths)
    }
}
