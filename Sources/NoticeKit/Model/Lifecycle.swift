import Foundation

/// What a notice says about its own life: disruption state, maintenance window, updates,
/// products explicitly not affected, and when it is published and retired.
public struct Lifecycle: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable {
        case ongoing, monitoring, resolved
    }

    public struct Window: Sendable, Hashable {
        public var start: NoticeDate
        public var end: NoticeDate
    }

    public struct Update: Sendable, Hashable {
        public var date: NoticeDate
        public var html: String
        public var text: String
    }

    public enum NotAffected: Sendable, Hashable {
        /// A catalog id.
        case product(String)
        /// A free-text line, such as "Geschäftskunden-Produktreihe (Office 365)".
        case text(String)
    }

    public var status: Status?
    /// Set for disruptions and security notices (`Impact.categories`), nil for every other category.
    public var impact: Impact?
    public var resolvedAt: NoticeDate?
    public var window: Window?
    /// Newest first.
    public var updates: [Update] = []
    public var notAffected: [NotAffected] = []
    public var draft = false
    public var publishAt: NoticeDate?
    public var expiresAt: NoticeDate?
    public var pinned = false

    public init() {}
}

/// The state of a notice at the moment the site is built.
public struct NoticeState: Sendable, Hashable {
    public enum WindowPhase: String, Sendable {
        case upcoming, running, finished
    }

    public var windowPhase: WindowPhase?
    /// `expires_at` has passed: the notice left the current lists and lives on in the archive.
    public var expired: Bool
    /// A draft or scheduled notice shown only because of `--drafts` / `--future`.
    public var preview: Bool
    /// On the "Aktuelle Meldungen" list: an ongoing or monitored disruption, or a maintenance
    /// window that is upcoming or running; never when expired.
    public var isCurrent: Bool
    /// Lower is more severe: ongoing 0, running window 1, monitoring 2, upcoming window 3.
    public var severity: Int

    init(_ lifecycle: Lifecycle, now: Int64, preview: Bool) {
        if let window = lifecycle.window {
            windowPhase = now < window.start.instant ? .upcoming : (now < window.end.instant ? .running : .finished)
        }
        expired = lifecycle.expiresAt.map { $0.instant <= now } ?? false
        self.preview = preview
        switch (lifecycle.status, windowPhase) {
        case (.ongoing, _): severity = 0
        case (_, .running): severity = 1
        case (.monitoring, _): severity = 2
        case (_, .upcoming): severity = 3
        default: severity = 4
        }
        isCurrent = !expired && severity < 4
    }
}

/// The moment the build takes as "now" and which unpublished notices it shows.
public struct BuildTime: Sendable, Hashable {
    /// Seconds since 1970 (UTC).
    public var now: Int64
    public var includeDrafts: Bool
    public var includeFuture: Bool
    /// As in Hugo: a notice whose `date` is after `now` (and has no `publish_at`) is scheduled for
    /// its date, not published at once. The commands set it; library callers that build at an
    /// arbitrary `now` (tests at 1970) leave it off.
    public var schedulesByDate: Bool

    public init(now: Int64, includeDrafts: Bool = false, includeFuture: Bool = false, schedulesByDate: Bool = false) {
        self.now = now
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.schedulesByDate = schedulesByDate
    }
}

extension BuildTime {
    /// "Now" for a build: `--now` if given (a date-time as in front matter, or `@SECONDS`), else
    /// `SOURCE_DATE_EPOCH`, else the clock. Returns a message for a value that cannot be read.
    public static func resolve(
        now text: String?, environment: [String: String], clock: () -> Int64,
        timeZone: TimeZone
    ) -> Result<Int64, BuildTimeError> {
        if let text {
            if text.hasPrefix("@"), let seconds = Int64(text.dropFirst()) { return .success(seconds) }
            if let date = NoticeDate.parse(text, timeZone: timeZone) { return .success(date.instant) }
            return .failure(
                BuildTimeError(
                    message: "--now must be a date-time like 2026-12-03T22:00:00+01:00 or @SECONDS (found '\(text)')"))
        }
        if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let seconds = Int64(epoch) else {
                return .failure(
                    BuildTimeError(message: "SOURCE_DATE_EPOCH must be whole seconds since 1970 (found '\(epoch)')"))
            }
            return .success(seconds)
        }
        return .success(clock())
    }
}

/// A `--now` or `SOURCE_DATE_EPOCH` value that cannot be read.
public struct BuildTimeError: Error, Sendable {
    public var message: String
}
