/// Dates as readers of the site's language write them (`20. April 2016`), from the strings file.
struct DateDisplay: Sendable {
    let strings: UIStrings

    /// `20. April 2016` (de) or `April 20, 2016` (en): `dates.date` with the month's name.
    func date(_ date: NoticeDate) -> String {
        strings.date(["day": String(date.day), "month": strings.months[date.month - 1], "year": String(date.year)])
    }

    /// `20. April 2016, 09:30 Uhr` (de) or `April 20, 2016, 09:30` (en); the date alone when no time was written.
    func dateTime(_ date: NoticeDate) -> String {
        guard date.hasTime else { return self.date(date) }
        return strings.dateTime(["date": self.date(date), "time": Self.time(date)])
    }

    /// `09:30`.
    static func time(_ date: NoticeDate) -> String {
        "\(date.pad(date.hour)):\(date.pad(date.minute))"
    }
}
