import Foundation

/// URL slugs and heading anchors the way German readers expect: `ä` -> `ae`, `ß` -> `ss`.
public enum Slug {
    /// `Störung am Mailserver!` -> `stoerung-am-mailserver`. Letters outside a-z are transliterated
    /// where German has a rule, folded by their base letter otherwise, and dropped if neither works.
    public static func make(_ text: String, maximumLength: Int = 80) -> String {
        var result = ""
        var pendingDash = false
        for character in text.lowercased() {
            let replacement: String
            switch character {
            case "ä": replacement = "ae"
            case "ö": replacement = "oe"
            case "ü": replacement = "ue"
            case "ß", "ẞ": replacement = "ss"
            default:
                replacement = character.isASCII ? String(character) : String(character).decomposedBaseLetters
            }
            for scalar in replacement.unicodeScalars {
                if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                    if pendingDash && !result.isEmpty { result.append("-") }
                    pendingDash = false
                    result.unicodeScalars.append(scalar)
                } else {
                    pendingDash = true
                }
            }
        }
        if result.count > maximumLength {
            let cut = result.prefix(maximumLength)
            result = String(cut.lastIndex(of: "-").map { cut[..<$0] } ?? cut)
        }
        return result
    }

    /// Lower-case ASCII letters and digits in groups joined by single dashes.
    public static func isValid(_ slug: String) -> Bool {
        guard let first = slug.utf8.first, let last = slug.utf8.last, first != UInt8(ascii: "-"), last != UInt8(ascii: "-") else {
            return false
        }
        var previousDash = false
        for byte in slug.utf8 {
            let isDash = byte == UInt8(ascii: "-")
            guard isDash || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte),
                  !(isDash && previousDash) else { return false }
            previousDash = isDash
        }
        return true
    }
}

private extension String {
    /// `é` -> `e`: the ASCII base letters of the canonical decomposition, marks dropped.
    var decomposedBaseLetters: String {
        String(String.UnicodeScalarView(decomposedStringWithCanonicalMapping.unicodeScalars.filter(\.isASCII)))
    }
}
