extension Notice {
    /// The latest moment the notice changed by its own account: its date, its resolution, its
    /// newest update. Feeds and the sitemap use it; it never comes from the clock.
    var updated: NoticeDate {
        [lifecycle.resolvedAt, lifecycle.updates.first?.date].compactMap { $0 }.reduce(date) { max($0, $1) }
    }
}
