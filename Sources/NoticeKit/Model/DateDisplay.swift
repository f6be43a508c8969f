/// Dates as readers of the site's language write them: `20. April 2016` in German.
public struct DateDisplay: Sendable {
    public var language: String

    public init(language: String) { self.language = language }

    private static let germanMonths = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                                       "August", "September", "Oktober", "November", "Dezember"]
    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December"]

    /// `20. April 2016` (de) or `April 20, 2016` (en).
    public func date(_ date: NoticeDate) -> String {
        if language.hasPrefix("en") {
            return "\(Self.englishMonths[date.month - 1]) \(date.day), \(date.year)"
        }
        return "\(date.day). \(Self.germanMonths[date.month - 1]) \(date.year)"
    }

    /// `20. April 2016, 09:30 Uhr` (de) or `April 20, 2016, 09:30` (en); the date alone when no time was written.
    public func dateTime(_ date: NoticeDate) -> String {
        guard date.hasTime else { return self.date(date) }
        let time = "\(date.pad(date.hour)):\(date.pad(date.minute))"
        return language.hasPrefix("en") ? "\(self.date(date)), \(time)" : "\(self.date(date)), \(time) Uhr"
    }
}
