/// iCalendar feeds (RFC 5545) of maintenance windows: one for the whole site and one per catalog
/// node (with roll-up). Times in UTC, stable UIDs, text escaped, lines folded at 75 octets.
struct MaintenanceCalendar {
    let site: Site
    let paths: SitePaths
    let states: StateTexts

    /// Every calendar: path, name and the notices whose windows it carries. A product without
    /// any maintenance window gets none (RFC 5545 requires at least one component), nor does the site.
    var calendars: [(path: String, name: String, notices: [Int])] {
        let all: [(path: String, name: String, notices: [Int])] =
            [(paths.siteCalendar, site.settings.title, Array(site.notices.indices))]
            + site.catalog.products.enumerated().map { index, product in
                (
                    paths.productCalendar(product.id), "\(site.settings.title): \(product.label)",
                    site.noticesByProduct[index]
                )
            }
        return all.filter { Self.hasWindows($0.notices, in: site) }
    }

    /// True when one of the notices has a maintenance window: only then is there a calendar.
    static func hasWindows(_ indexes: [Int], in site: Site) -> Bool {
        indexes.contains { site.notices[$0].lifecycle.window != nil }
    }

    func files() -> [OutputFile] {
        calendars.map { calendar(path: $0.path, name: $0.name, indexes: $0.notices) }
    }

    private func calendar(path: String, name: String, indexes: [Int]) -> OutputFile {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Notices//Wartungskalender//DE", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + text(name),
        ]
        let host = paths.host
        let withWindows = indexes.map { site.notices[$0] }.filter { $0.lifecycle.window != nil }
            .sorted { ($0.lifecycle.window!.start, $0.id) < ($1.lifecycle.window!.start, $1.id) }
        for notice in withWindows {
            let window = notice.lifecycle.window!
            lines += [
                "BEGIN:VEVENT",
                "UID:" + text("\(notice.id.replacingAll("/", with: "-"))@\(host)"),
                "DTSTAMP:" + utc(notice.updated),
                "DTSTART:" + utc(window.start),
                "DTEND:" + utc(window.end),
                "SUMMARY:" + text(notice.title),
                "DESCRIPTION:" + text(states.windowText(window) + "\n\n" + notice.summary),
                "URL:" + paths.absolute(paths.notice(notice)),
                "STATUS:CONFIRMED",
                "TRANSP:OPAQUE",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return OutputFile(path: path, text: lines.map(Self.fold).joined(separator: "\r\n") + "\r\n")
    }

    /// `20261203T210000Z`
    private func utc(_ date: NoticeDate) -> String {
        let utc = NoticeDate(instant: date.instant, timeZone: .gmt)
        return
            "\(utc.pad(utc.year, 4))\(utc.pad(utc.month))\(utc.pad(utc.day))T\(utc.pad(utc.hour))\(utc.pad(utc.minute))\(utc.pad(utc.second))Z"
    }

    /// TEXT values: backslash, semicolon, comma and newline escaped; other controls removed.
    private func text(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default:
                if scalar.value >= 0x20 && scalar.value != 0x7F { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1): cut
    /// between UTF-8 characters (scalars), also inside a grapheme cluster, since "e" and 60
    /// combining accents are one cluster of 121 octets.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var result: [UInt8] = []
        result.reserveCapacity(line.utf8.count + line.utf8.count / 37 + 3)
        var count = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if count + size > 75 {
                result += [13, 10, 32]
                count = 1
            }
            result += UTF8.encode(scalar)!
            count += size
        }
        return String(decoding: result, as: UTF8.self)
    }
}
