/// One thing customers are told about: a notice that appeared, changed state, got an update,
/// announced, moved or cancelled a maintenance window, was withdrawn, or whose window is near.
public struct Change: Sendable, Equatable {
    /// In the order a message lists a notice's changes.
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case new
        case windowAnnounced = "window_announced"
        case windowMoved = "window_moved"
        case windowCancelled = "window_cancelled"
        case status, update, reminder, withdrawn

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var kind: Kind
    /// The notice after the change (before it, for a withdrawn notice).
    public var notice: NoticeSnapshot
    /// Catalog ids of every product whose index lists the notice (roll-up applied), file order.
    public var reach: [String]
    /// Status before and after (`status`).
    public var fromStatus: String?
    public var toStatus: String?
    /// The window before it moved or was cancelled (`window_moved`, `window_cancelled`).
    public var previousWindow: NoticeSnapshot.Window?
    /// The update that is new (`update`).
    public var update: NoticeSnapshot.Update?

    /// Names this change for good: the same change found again (by a rerun, or against an older
    /// published file) has the same key, so a channel is never told twice.
    public var key: String {
        switch kind {
        case .new, .withdrawn: "\(kind.rawValue):\(notice.id)"
        case .status: "status:\(notice.id):\(toStatus ?? ""):\(notice.updatedInstant)"
        case .update: "update:\(notice.id):\(update?.instant ?? 0)"
        case .windowAnnounced, .windowMoved:
            "window:\(notice.id):\(notice.window?.startInstant ?? 0)-\(notice.window?.endInstant ?? 0)"
        case .windowCancelled: "window_cancelled:\(notice.id):\(previousWindow?.startInstant ?? 0)"
        case .reminder: "reminder:\(notice.id):\(notice.window?.startInstant ?? 0)"
        }
    }

    static func isOrderedBefore(_ a: Change, _ b: Change) -> Bool {
        if a.notice.id != b.notice.id { return a.notice.id < b.notice.id }
        if a.kind != b.kind { return a.kind < b.kind }
        return a.key < b.key
    }
}
