/// Every notice's URL, known once pass 1 has read every front matter: what links between notices
/// resolve against. Drafts and scheduled notices claim their URL too, so a clash shows before
/// they are published.
struct LinkTable {
    /// Resolves links in bodies, with every notice's URL and whether this build publishes it.
    let linker: NoticeLinker
    /// The source path of the notice that owns each URL; a second notice with that URL is an error.
    private let owners: [String: String]

    init(_ heads: NoticeHeads, attachments: Set<String>, catalog: Catalog, paths: SitePaths, into diagnostics: inout Diagnostics) {
        var owners: [String: String] = [:]
        var targets: [String: NoticeLinker.Target] = [:]
        for entry in heads.entries {
            let head = entry.head
            if let other = owners[head.id] {
                diagnostics.error(.duplicateNoticeURL, ["id": .text(head.id), "other": .text(other)], at: SourceLocation(path: head.path))
                continue
            }
            owners[head.id] = head.path
            targets[head.path] = NoticeLinker.Target(url: paths.notice(id: head.id), published: entry.published)
        }
        self.owners = owners
        linker = NoticeLinker(notices: targets, attachments: attachments, catalog: catalog, paths: paths)
    }

    /// Whether `head` owns its URL (the first notice, by path, that claims it).
    func owns(_ head: NoticeDecoder.Head) -> Bool {
        owners[head.id] == head.path
    }
}
