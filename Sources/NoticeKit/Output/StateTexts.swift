/// How a notice's state reads to customers ("Störung", "Behoben am 20. April 2016",
/// "Wartung am 3. Dezember 2026, 22:00–02:00 Uhr"), per language.
struct StateTexts: Sendable {
    let dates: DateDisplay
    let english: Bool

    init(language: String) {
        dates = DateDisplay(language: language)
        english = language.hasPrefix("en")
    }

    var everyProduct: String { english ? "All products" : "Alle Produkte" }

    /// The headline state of a notice, or nil when it has none worth showing.
    func label(for notice: Notice) -> String? {
        let lifecycle = notice.lifecycle
        switch lifecycle.status {
        case .ongoing: return english ? "Disruption" : "Störung"
        case .monitoring: return english ? "Monitoring" : "Störung behoben, wird beobachtet"
        case .resolved:
            guard let at = lifecycle.resolvedAt else { return english ? "Resolved" : "Behoben" }
            return english ? "Resolved on \(dates.dateTime(at))" : "Behoben am \(dates.dateTime(at))"
        case nil: break
        }
        if let window = lifecycle.window { return windowText(window) }
        return nil
    }

    /// `Wartung am 3. Dezember 2026, 22:00–02:00 Uhr` when the window ends within a day,
    /// else `Wartung vom 3. Dezember 2026, 22:00 Uhr bis 5. Dezember 2026, 06:00 Uhr`.
    func windowText(_ window: Lifecycle.Window) -> String {
        let start = window.start, end = window.end
        let time = { (date: NoticeDate) in "\(date.pad(date.hour)):\(date.pad(date.minute))" }
        if end.instant - start.instant < 24 * 3600 {
            return english ? "Maintenance on \(dates.date(start)), \(time(start))–\(time(end))"
                : "Wartung am \(dates.date(start)), \(time(start))–\(time(end)) Uhr"
        }
        return english ? "Maintenance from \(dates.dateTime(start)) to \(dates.dateTime(end))"
            : "Wartung vom \(dates.dateTime(start)) bis \(dates.dateTime(end))"
    }

    func phase(_ phase: NoticeState.WindowPhase) -> String {
        switch phase {
        case .upcoming: english ? "upcoming" : "bevorstehend"
        case .running: english ? "in progress" : "läuft gerade"
        case .finished: english ? "finished" : "beendet"
        }
    }

    /// `ongoing`, `monitoring`, `resolved`, `maintenance` or `""`: a class name for styling.
    func kind(for notice: Notice) -> String {
        if let status = notice.lifecycle.status { return status.rawValue }
        return notice.lifecycle.window == nil ? "" : "maintenance"
    }
}
