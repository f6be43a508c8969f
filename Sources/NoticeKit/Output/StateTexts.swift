/// How a notice's state reads to customers ("Störung", "Behoben am 20. April 2016",
/// "Wartung am 3. Dezember 2026, 22:00–02:00 Uhr"), in the texts of the site's language.
struct StateTexts: Sendable {
    let strings: UIStrings
    let dates: DateDisplay

    init(strings: UIStrings) {
        self.strings = strings
        dates = DateDisplay(strings: strings)
    }

    var everyProduct: String { strings.allProducts }

    /// The headline state of a notice, or nil when it has none worth showing.
    func label(for notice: Notice) -> String? {
        let lifecycle = notice.lifecycle
        switch lifecycle.status {
        case .ongoing: return strings.disruption
        case .monitoring: return strings.monitoring
        case .resolved:
            guard let at = lifecycle.resolvedAt else { return strings.resolved }
            return strings.resolvedOn(["date": dates.dateTime(at)])
        case nil: break
        }
        if let window = lifecycle.window { return windowText(window) }
        return nil
    }

    /// `Wartung am 3. Dezember 2026, 22:00–02:00 Uhr` when the window ends within a day,
    /// else `Wartung vom 3. Dezember 2026, 22:00 Uhr bis 5. Dezember 2026, 06:00 Uhr`.
    func windowText(_ window: Lifecycle.Window) -> String {
        let start = window.start
        let end = window.end
        if end.instant - start.instant < 24 * 3600 {
            return strings.maintenanceOn([
                "date": dates.date(start), "start": DateDisplay.time(start), "end": DateDisplay.time(end),
            ])
        }
        return strings.maintenanceFromTo(["start": dates.dateTime(start), "end": dates.dateTime(end)])
    }

    /// `gering`, `erheblich`, `kritisch`.
    func impact(_ impact: Impact) -> String {
        switch impact {
        case .minor: strings.impactMinor
        case .major: strings.impactMajor
        case .critical: strings.impactCritical
        }
    }

    /// `Störung`, `Wartung läuft`, `Keine bekannten Störungen`.
    func node(_ state: NodeState) -> String { strings.nodeStates[state] ?? state.rawValue }

    func phase(_ phase: NoticeState.WindowPhase) -> String {
        switch phase {
        case .upcoming: strings.upcoming
        case .running: strings.running
        case .finished: strings.finished
        }
    }

    /// `ongoing`, `monitoring`, `resolved`, `maintenance` or `""`: a class name for styling.
    func kind(for notice: Notice) -> String {
        if let status = notice.lifecycle.status { return status.rawValue }
        return notice.lifecycle.window == nil ? "" : "maintenance"
    }
}
