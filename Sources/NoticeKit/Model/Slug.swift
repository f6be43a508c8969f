import Foundation

/// URL slugs and heading anchors the way German readers expect: `ä` -> `ae`, `ß` -> `ss`.
public enum Slug {
    /// `Störung am Mailserver!` -> `stoerung-am-mailserver`. Letters outside a-z are transliterated
    /// where German has a rule, folded by their base letter otherwise, and dropped if neither works.
    public static func make(_ text: String, maximumLength: Int = 80) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingDash = false
        func add(_ byte: UInt8) {
            if (97...122).contains(byte) || (48...57).contains(byte) {
                if pendingDash && !result.isEmpty { result.append(UInt8(ascii: "-")) }
                pendingDash = false
                result.append(byte)
            } else {
                pendingDash = true
            }
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                add((65...90).contains(byte) ? byte + 32 : byte)
                continue
            }
            switch scalar {
            case "ä", "Ä":
                add(UInt8(ascii: "a"))
                add(UInt8(ascii: "e"))
            case "ö", "Ö":
                add(UInt8(ascii: "o"))
                add(UInt8(ascii: "e"))
            case "ü", "Ü":
                add(UInt8(ascii: "u"))
                add(UInt8(ascii: "e"))
            case "ß", "ẞ":
                add(UInt8(ascii: "s"))
                add(UInt8(ascii: "s"))
            default:
                // Other letters fold to their base letters (é -> e); the rest separates words.
                for base in String(scalar).lowercased().decomposedBaseLetters.utf8 { add(base) }
                if String(scalar).lowercased().decomposedBaseLetters.isEmpty { pendingDash = true }
            }
        }
        if result.count > maximumLength {
            var cut = Array(result.prefix(maximumLength))
            if let dash = cut.lastIndex(of: UInt8(ascii: "-")) { cut = Array(cut[..<dash]) }
            result = cut
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Lower-case ASCII letters and digits in groups joined by single dashes.
    public static func isValid(_ slug: String) -> Bool {
        guard let first = slug.utf8.first, let last = slug.utf8.last, first != UInt8(ascii: "-"),
            last != UInt8(ascii: "-")
        else {
            return false
        }
        var previousDash = false
        for byte in slug.utf8 {
            let isDash = byte == UInt8(ascii: "-")
            guard
                isDash || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte),
                !(isDash && previousDash)
            else { return false }
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
