/// Every change between a published site and the site as it would be built now, sorted by
/// notice id, then kind.
public struct ChangeSet: Sendable {
    public var changes: [Change]

    /// - Parameters:
    ///   - published: the notices of the published site; nil on a first run, which announces
    ///     nothing unless `announcingAll` (then every notice counts as new).
    ///   - remindBefore: seconds before a window's start from which a reminder is due; nil for none.
    public static func compute(
        published: PublishedNotices?, current: PublishedNotices, catalog: Catalog, now: Int64,
        remindBefore: Int64? = nil, announcingAll: Bool = false
    ) -> ChangeSet {
        var changes: [Change] = []
        let reach = { (notice: NoticeSnapshot) in
            catalog.reach(ofTagged: notice.products).map { catalog.products[$0].id }
        }
        if let published {
            for notice in current.notices.values {
                changes += between(published.notices[notice.id], notice, reach: reach(notice))
            }
            for notice in published.notices.values where current.notices[notice.id] == nil {
                changes.append(Change(kind: .withdrawn, notice: notice, reach: reach(notice)))
            }
        } else if announcingAll {
            changes += current.notices.values.map {
                Change(kind: $0.window == nil ? .new : .windowAnnounced, notice: $0, reach: reach($0))
            }
        }
        if let remindBefore {
            for notice in current.notices.values {
                guard let window = notice.window, window.startInstant > now, window.startInstant - remindBefore <= now
                else { continue }
                changes.append(Change(kind: .reminder, notice: notice, reach: reach(notice)))
            }
        }
        return ChangeSet(changes: changes.sorted(by: Change.isOrderedBefore))
    }

    /// What changed in one notice; `before` nil for a notice the published site lacks.
    static func between(_ before: NoticeSnapshot?, _ after: NoticeSnapshot, reach: [String]) -> [Change] {
        guard let before else {
            return [Change(kind: after.window == nil ? .new : .windowAnnounced, notice: after, reach: reach)]
        }
        var changes: [Change] = []
        if let to = after.status, to != before.status {
            changes.append(Change(kind: .status, notice: after, reach: reach, fromStatus: before.status, toStatus: to))
        }
        switch (before.window, after.window) {
        case (nil, .some):
            changes.append(Change(kind: .windowAnnounced, notice: after, reach: reach))
        case (.some(let old), .some(let new))
        where old.startInstant != new.startInstant || old.endInstant != new.endInstant:
            changes.append(Change(kind: .windowMoved, notice: after, reach: reach, previousWindow: old))
        case (.some(let old), nil):
            changes.append(Change(kind: .windowCancelled, notice: after, reach: reach, previousWindow: old))
        default:
            break
        }
        let known = Set(before.updates.map(\.instant))
        for update in after.updates where !known.contains(update.instant) {
            changes.append(Change(kind: .update, notice: after, reach: reach, update: update))
        }
        return changes
    }

    /// The changes a channel for `products` receives: those whose notice is listed on the index
    /// of one of its products (roll-up both ways); `all` receives every change.
    public func routed(to products: [String]) -> [Change] {
        if products.contains(Catalog.everyProductID) { return changes }
        let wanted = Set(products)
        return changes.filter { change in change.reach.contains(where: wanted.contains) }
    }
}
