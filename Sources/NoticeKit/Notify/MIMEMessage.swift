import Foundation

/// A complete RFC 5322 message: UTF-8 headers encoded as RFC 2047 words, a plain-text and an
/// HTML part in `multipart/alternative`, both quoted-printable, CRLF line ends throughout.
struct MIMEMessage: Sendable {
    var from: MailAddress
    var to: [String]
    var subject: String
    var date: Int64
    var timeZone: TimeZone
    /// `<…@domain>`, stable for the same channel and changes, so a resent message is recognised.
    var messageID: String
    var listUnsubscribe: String?
    var text: String
    var html: String

    /// The message as SMTP sends it.
    var bytes: [UInt8] {
        let boundary = "=_notices_" + String(messageID.filter { $0.isLetter || $0.isNumber }.prefix(32))
        var headers = [
            "From: " + Self.encodeAddress(from),
            // One address per line: a long list stays within the 998-octet line limit.
            "To: " + to.joined(separator: ",\r\n "),
            "Subject: " + Self.encodeHeader(subject, prefixLength: "Subject: ".count),
            "Date: " + Self.rfc5322Date(date, timeZone: timeZone),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
        ]
        if let listUnsubscribe { headers.append("List-Unsubscribe: <\(listUnsubscribe)>") }
        headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        var lines = headers + ["", "This is a message in MIME format.", ""]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += [
                "--" + boundary, "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: quoted-printable",
                "",
                Self.quotedPrintable(body),
            ]
        }
        lines += ["--" + boundary + "--", ""]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    /// A header value as-is when it is printable ASCII, else as UTF-8 B-encoded words of at most
    /// 75 characters, folded onto continuation lines; characters are never split across words.
    static func encodeHeader(_ text: String, prefixLength: Int = 0) -> String {
        let flat = text.map { $0.isNewline ? " " : String($0) }.joined()
        let plain = flat.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 } && !flat.contains("=?")
        if plain && flat.count + prefixLength <= 998 { return flat }
        let maximumBytes = 45  // 60 base64 characters inside =?UTF-8?B?…?=, 72 in all
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in flat {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maximumBytes, !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// `Name <addr>` with the name encoded when it needs to be, quoted when it holds specials.
    static func encodeAddress(_ address: MailAddress) -> String {
        guard let name = address.name else { return address.address }
        let ascii = name.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 }
        if ascii && !name.contains("=?") {
            let atoms = name.allSatisfy {
                $0.isLetter || $0.isNumber || $0 == " " || "!#$%&'*+-/=?^_`{|}~".contains($0)
            }
            let shown =
                atoms
                ? name
                : "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            return "\(shown) <\(address.address)>"
        }
        return encodeHeader(name, prefixLength: 6) + " <\(address.address)>"
    }

    /// `Thu, 03 Dec 2026 22:00:00 +0100` in the site's time zone.
    static func rfc5322Date(_ instant: Int64, timeZone: TimeZone) -> String {
        let date = NoticeDate(instant: instant, timeZone: timeZone)
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = days[((date.dayNumber % 7) + 7) % 7]
        let offset = abs(date.utcOffset) / 60
        let sign = date.utcOffset < 0 ? "-" : "+"
        return
            "\(weekday), \(date.pad(date.day)) \(months[date.month - 1]) \(date.year) \(date.pad(date.hour)):\(date.pad(date.minute)):\(date.pad(date.second)) \(sign)\(date.pad(offset / 60))\(date.pad(offset % 60))"
    }

    /// RFC 2045 quoted-printable with CRLF line ends and soft breaks before 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [String] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            var encoded: [UInt8] = []
            var width = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last)
                let piece: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                if width + piece.count > 75 {
                    encoded += Array("=\r\n".utf8)
                    width = 0
                }
                encoded += piece
                width += piece.count
            }
            out.append(String(decoding: encoded, as: UTF8.self))
        }
        return out.joined(separator: "\r\n")
    }
}
