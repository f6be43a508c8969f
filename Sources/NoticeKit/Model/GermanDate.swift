/// Dates as German editors write them (`20.04.2016`, `20.4.2016 9:30`), recognised so that a
/// refused date can be offered in the ISO form front matter needs.
enum GermanDate {
    /// `; write it as 2016-04-20` for a German date, else nothing.
    static func isoHint(for text: String) -> MessageArgument {
        guard let iso = iso(text) else { return .empty }
        return MessageArgument(.isoDateHint, ["iso": .text(iso)])
    }

    /// `20.4.2016` -> `2016-04-20`, `20.04.2016 9:30` (or `9.30`, `9:30 Uhr`) -> `2016-04-20T09:30`.
    static func iso(_ text: String) -> String? {
        var words = text.split(separator: " ").map(String.init)
        if words.last?.lowercased() == "uhr" { words.removeLast() }
        guard (1...2).contains(words.count) else { return nil }
        let dateParts = words[0].split(separator: ".", omittingEmptySubsequences: false)
        guard dateParts.count == 3 || (dateParts.count == 4 && dateParts[3].isEmpty),
            let day = Int(dateParts[0]), let month = Int(dateParts[1]), let year = Int(dateParts[2]),
            dateParts[2].count == 4, (1...31).contains(day), (1...12).contains(month)
        else { return nil }
        let date = "\(year)-\(twoDigits(month))-\(twoDigits(day))"
        guard words.count == 2 else { return date }
        let timeParts = words[1].split(whereSeparator: { $0 == ":" || $0 == "." })
        guard (2...3).contains(timeParts.count), let hour = Int(timeParts[0]), let minute = Int(timeParts[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return date + "T" + twoDigits(hour) + ":" + twoDigits(minute)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
