/// Typographic conventions of the site's language, applied to the text of Markdown bodies (never
/// to code): German quotation marks where the editor typed straight ones, and non-breaking spaces
/// inside abbreviations like "z. B." and between a number and its unit ("10 MB", "5 %").
///
/// Works on UTF-8 bytes in one pass per text node: it runs over every text node of every body,
/// and a `Character`-based version cost more than all of cmark-gfm's parsing.
struct Typography: Sendable {
    private let opening: [UInt8], closing: [UInt8]
    private let german: Bool

    /// nil for languages without rules here (text stays as written).
    init?(language: String) {
        switch language.prefix(2) {
        case "de": (opening, closing) = (Array("„".utf8), Array("“".utf8))
        case "en": (opening, closing) = (Array("“".utf8), Array("”".utf8))
        default: return nil
        }
        german = language.hasPrefix("de")
    }

    /// Where a text node starts, as far as an opening quote is concerned.
    enum Context: Sendable {
        /// Start of a paragraph, heading or item, or after a space or an opening bracket: `"` opens.
        case opening
        /// After a letter, a digit or closing punctuation: `"` closes.
        case closing
    }

    private static let abbreviations: [[UInt8]] = [
        "z. B.", "d. h.", "u. a.", "o. Ä.", "i. d. R.", "u. U.", "v. a.", "z. T.", "s. o.", "s. u.",
    ]
    .map { Array($0.utf8) }
    private static let units: Set<[UInt8]> = Set(
        ["%", "€", "MB", "GB", "KB", "TB", "ms", "s", "min", "h", "Uhr", "km", "m", "cm", "mm", "kg", "g"]
            .map { Array($0.utf8) })
    private static let nonBreakingSpace: [UInt8] = [0xC2, 0xA0]

    /// The styled text, or nil when the rules change nothing (the common case: no quote, no unit).
    /// Only a quote or a space can change: runs between them are copied whole. Look-behind reads
    /// the input, which has the same kind of character (space, quote, letter, digit) at each place.
    func apply(_ text: UnsafeBufferPointer<UInt8>, after context: Context) -> [UInt8]? {
        var out = [UInt8]()
        var copied = 0  // text[..<copied] is in `out`
        var index = 0
        while index < text.count {
            let byte = text[index]
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: " ") else {
                index += 1
                continue
            }
            var replacement: [UInt8]
            var resume = index + 1
            if byte == UInt8(ascii: "\"") {
                let opens = index == 0 ? context == .opening : Self.quoteOpensAfter(text[..<index])
                replacement = opens ? opening : closing
            } else if german, let abbreviation = abbreviation(in: text, spaceAt: index) {
                // "z. B.": the letter and dot are copied already; the rest with non-breaking spaces.
                replacement = []
                for part in abbreviation.dropFirst(2) {
                    if part == UInt8(ascii: " ") {
                        replacement += Self.nonBreakingSpace
                    } else {
                        replacement.append(part)
                    }
                }
                resume = index - 2 + abbreviation.count
            } else if index > 0, Self.endsWithNumber(text[..<index]), Self.unitFollows(in: text, at: index + 1) {
                replacement = Self.nonBreakingSpace
            } else {
                index += 1
                continue
            }
            if out.isEmpty { out.reserveCapacity(text.count + 32) }  // room for a few replacements and a NUL
            out.append(contentsOf: text[copied..<index])
            out.append(contentsOf: replacement)
            copied = resume
            index = resume
        }
        guard copied > 0 else { return nil }
        out.append(contentsOf: text[copied...])
        return out
    }

    /// The context after `text` for the next text node of the same block.
    static func context(after text: UnsafeBufferPointer<UInt8>, default fallback: Context) -> Context {
        guard !text.isEmpty else { return fallback }
        return quoteOpensAfter(text) ? .opening : .closing
    }

    /// The abbreviation whose first space is at `space` ("z. B." has its letter and dot before
    /// it), when it starts a word: "Platz. B." and "Vorschau. U.a." are none.
    private func abbreviation(in text: UnsafeBufferPointer<UInt8>, spaceAt space: Int) -> [UInt8]? {
        guard space >= 2, text[space - 1] == UInt8(ascii: "."), text[space - 2] >= UInt8(ascii: "a"),
            text[space - 2] <= UInt8(ascii: "z")
        else { return nil }
        let start = space - 2
        candidates: for abbreviation in Self.abbreviations
        where abbreviation[0] == text[start] && start + abbreviation.count <= text.count {
            for offset in 3..<abbreviation.count where text[start + offset] != abbreviation[offset] {
                continue candidates
            }
            // Sentence ends like "werden. Die" pass the first test; the Unicode lookup comes last.
            return start == 0 || !Self.endsWithLetter(text[..<start]) ? abbreviation : nil
        }
        return nil
    }

    /// The word after a space, up to the next space or punctuation, is a known unit.
    private static func unitFollows(in text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var end = start
        while end < text.count, text[end] != UInt8(ascii: " "), !isWordEndPunctuation(text[end]) { end += 1 }
        guard end > start, end - start <= 3 else { return false }
        return units.contains(Array(text[start..<end]))
    }

    private static func isWordEndPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ":"),
            UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ")"):
            true
        default: false
        }
    }

    private static func endsWithNumber<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> Bool {
        if let last = bytes.last, last < 0x80 { return last >= UInt8(ascii: "0") && last <= UInt8(ascii: "9") }
        guard let scalar = lastScalar(of: bytes) else { return false }
        return scalar.properties.numericType != nil
    }

    private static func endsWithLetter<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> Bool {
        guard let scalar = lastScalar(of: bytes) else { return false }
        return scalar.properties.isAlphabetic
    }

    /// A quote opens at the start, after whitespace, an opening bracket, a dash or a slash.
    private static func quoteOpensAfter<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> Bool {
        if let last = bytes.last, last < 0x80 {
            switch last {
            case 0x09...0x0D, UInt8(ascii: " "),
                UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "/"):
                return true
            default: return false
            }
        }
        guard let scalar = lastScalar(of: bytes) else { return true }
        switch scalar {
        case "(", "[", "{", "/", "\u{2013}", "\u{2014}": return true
        default: return scalar.properties.isWhitespace
        }
    }

    /// The last Unicode scalar of UTF-8 bytes (nil when empty or not valid UTF-8 at the end).
    private static func lastScalar<C: BidirectionalCollection<UInt8>>(of bytes: C) -> Unicode.Scalar? {
        guard let last = bytes.last else { return nil }
        if last < 0x80 { return Unicode.Scalar(last) }
        var start = bytes.index(before: bytes.endIndex)
        var length = 1
        while length < 4, bytes[start] & 0xC0 == 0x80, start > bytes.startIndex {
            start = bytes.index(before: start)
            length += 1
        }
        var decoder = UTF8()
        var iterator = bytes[start...].makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        return scalar
    }
}
