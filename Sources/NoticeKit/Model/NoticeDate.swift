import Foundation

/// A point in time as an editor wrote it: a calendar date (`2016-04-20`, read as midnight in the
/// site's time zone, never UTC) or a date-time with or without offset (without: site time zone).
public struct NoticeDate: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var instant: Int64
    /// False for a date written without a time of day.
    public var hasTime: Bool
    /// Calendar fields in the site's time zone.
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    /// The site time zone's offset from UTC at this instant, in seconds.
    public var utcOffset: Int

    public static func < (lhs: NoticeDate, rhs: NoticeDate) -> Bool { lhs.instant < rhs.instant }

    /// The calendar date in the site's time zone as days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        let local = instant + Int64(utcOffset)
        let days = local / 86_400
        return Int(local % 86_400 < 0 ? days - 1 : days)
    }

    /// `2016-04-20`, the calendar date in the site's time zone.
    public var isoDate: String { "\(pad(year, 4))-\(pad(month))-\(pad(day))" }

    /// `2016-04-20T09:30:00+02:00` (RFC 3339 in the site's time zone); a date alone stays `2016-04-20`.
    public var rfc3339: String {
        hasTime ? rfc3339DateTime : isoDate
    }

    /// Always with a time: `2016-04-20T00:00:00+02:00` for a date alone (feeds need one).
    public var rfc3339DateTime: String {
        let sign = utcOffset < 0 ? "-" : "+"
        let offset = abs(utcOffset)
        return
            "\(isoDate)T\(pad(hour)):\(pad(minute)):\(pad(second))\(sign)\(pad(offset / 3600)):\(pad((offset % 3600) / 60))"
    }

    /// Zero-padded decimal (Foundation's `String(format:)` is slow in hot output paths).
    func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension NoticeDate {
    /// Reads the forms editors write; nil when the text is not a real date.
    ///
    /// Accepted: `2016-04-20`, `2016-04-20T09:30`, `2016-04-20 09:30:15`, each optionally followed by
    /// `Z`, `+02:00` or `+0200`.
    public static func parse(_ text: String, timeZone: TimeZone) -> NoticeDate? {
        let scanner = DateTextScanner(text.trimmingWhitespace)
        guard let parts = scanner.parse() else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = parts.offset.flatMap { TimeZone(secondsFromGMT: $0) } ?? timeZone
        let components = DateComponents(
            year: parts.year, month: parts.month, day: parts.day,
            hour: parts.hour, minute: parts.minute, second: parts.second)
        guard (1970...2999).contains(parts.year), let date = calendar.date(from: components) else { return nil }
        // Reject dates the calendar silently rolled over (2016-02-30 -> 2016-03-01).
        let check = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard check.year == parts.year, check.month == parts.month, check.day == parts.day,
            check.hour == parts.hour, check.minute == parts.minute
        else { return nil }
        return NoticeDate(
            instant: Int64(date.timeIntervalSince1970.rounded(.down)), hasTime: parts.hasTime, timeZone: timeZone)
    }

    /// The instant seen in `timeZone`.
    public init(instant: Int64, hasTime: Bool = true, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = Date(timeIntervalSince1970: TimeInterval(instant))
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        self.init(
            instant: instant, hasTime: hasTime, year: c.year!, month: c.month!, day: c.day!,
            hour: c.hour!, minute: c.minute!, second: c.second!, utcOffset: timeZone.secondsFromGMT(for: date))
    }
}

private struct DateTextScanner {
    struct Parts {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var hasTime = false
        var offset: Int?
    }

    let bytes: [UInt8]
    var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    func parse() -> Parts? {
        var scanner = self
        return scanner.scanAll()
    }

    private mutating func scanAll() -> Parts? {
        var parts = Parts()
        guard let year = number(4), literal("-"), let month = number(2), literal("-"), let day = number(2) else {
            return nil
        }
        (parts.year, parts.month, parts.day) = (year, month, day)
        if position == bytes.count { return parts }
        guard literal("T") || literal("t") || literal(" ") else { return nil }
        guard let hour = number(2), literal(":"), let minute = number(2) else { return nil }
        (parts.hour, parts.minute, parts.hasTime) = (hour, minute, true)
        if literal(":") {
            guard let second = number(2) else { return nil }
            parts.second = second
            if literal(".") { while position < bytes.count, isDigit(bytes[position]) { position += 1 } }
        }
        if position == bytes.count { return parts }
        if literal("Z") || literal("z") {
            parts.offset = 0
        } else if let sign = bytes[position] == UInt8(ascii: "+")
            ? 1 : (bytes[position] == UInt8(ascii: "-") ? -1 : nil)
        {
            position += 1
            guard let hours = number(2), hours <= 18 else { return nil }
            _ = literal(":")
            guard let minutes = number(2), minutes < 60 else { return nil }
            parts.offset = sign * (hours * 3600 + minutes * 60)
        }
        return position == bytes.count && parts.hour < 24 && parts.minute < 60 && parts.second < 60 ? parts : nil
    }

    private mutating func number(_ digits: Int) -> Int? {
        guard position + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<(position + digits)] {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        position += digits
        return value
    }

    private mutating func literal(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(character.value) else { return false }
        position += 1
        return true
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
