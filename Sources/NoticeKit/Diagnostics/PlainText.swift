/// Text from the user's input as it may appear in a line on a terminal or a CI log: control
/// characters are shown as escapes (`\n`, `\t`, `\u{1B}`), so a value holding a line end cannot
/// start a line of its own (`::warning file=…::`, `::stop-commands::`, a forged diagnostic) and an
/// escape sequence cannot repaint the terminal. Line and paragraph separators and the
/// bidirectional overrides are escaped too, so no value can reorder what a message says.
public enum PlainText {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where needsEscape(scalar): result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
            return true
        default: return false
        }
    }
}
