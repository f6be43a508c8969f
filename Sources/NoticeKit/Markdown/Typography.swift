/// Typographic conventions of the site's language, applied to the text of Markdown bodies (never
/// to code): German quotation marks where the editor typed straight ones, and non-breaking spaces
/// inside abbreviations like "z. B." and between a number and its unit ("10 MB", "5 %").
struct Typography: Sendable {
    let opening: Character, closing: Character

    /// nil for languages without rules here (text stays as written).
    init?(language: String) {
        switch language.prefix(2) {
        case "de": (opening, closing) = ("„", "“")
        case "en": (opening, closing) = ("“", "”")
        default: return nil
        }
        german = language.hasPrefix("de")
    }

    private let german: Bool
    private static let abbreviations = ["z. B.", "d. h.", "u. a.", "o. Ä.", "i. d. R.", "u. U.", "v. a.", "z. T.", "s. o.", "s. u."]
    private static let units: Set<String> = ["%", "€", "MB", "GB", "KB", "TB", "ms", "s", "min", "h", "Uhr", "km", "m", "cm", "mm", "kg", "g"]

    /// `previous` is the character before `text` in its paragraph (for a quote at a node's start).
    func apply(_ text: String, after previous: Character?) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var last = previous
        for character in text {
            if character == "\"" {
                // Opening after a space, an opening bracket or at the start; closing otherwise.
                let opens = last == nil || last!.isWhitespace || "([{–—/".contains(last!)
                out.append(opens ? opening : closing)
            } else {
                out.append(character)
            }
            last = character
        }
        guard german else { return withUnitSpaces(out) }
        for abbreviation in Self.abbreviations where out.contains(abbreviation) {
            out = out.replacingAll(abbreviation, with: abbreviation.replacingAll(" ", with: "\u{00A0}"))
        }
        return withUnitSpaces(out)
    }

    /// "10 MB" -> "10\u{00A0}MB" when the word after a number is a known unit.
    private func withUnitSpaces(_ text: String) -> String {
        guard text.contains(" ") else { return text }
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count > 1 else { return text }
        var result = words.removeFirst()
        for word in words {
            let unit = word.prefix { !",.;:!?)".contains($0) }
            let joinsNumber = result.last?.isNumber == true && Self.units.contains(String(unit))
            result += (joinsNumber ? "\u{00A0}" : " ") + word
        }
        return result
    }
}
