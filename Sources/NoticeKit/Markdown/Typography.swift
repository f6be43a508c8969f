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

    private static let abbreviations: [[UInt8]] = ["z. B.", "d. h.", "u. a.", "o. Ä.", "i. d. R.", "u. U.", "v. a.", "z. T.", "s. o.", "s. u."]
        .map { Array($0.utf8) }
    private static let units: Set<[UInt8]> = Set(["%", "€", "MB", "GB", "KB", "TB", "ms", "s", "min", "h", "Uhr", "km", "m", "cm", "mm", "kg", "g"]
        .map { Array($0.utf8) })
    private static let nonBreakingSpace: [UInt8] = [0xC2, 0xA0]

    /// The styled text, or nil when the rules change nothing (the common case: no quote, no unit).
    func apply(_ text: UnsafeBufferPointer<UInt8>, after context: Context) -> [UInt8]? {
        guard mayChange(text) else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(text.count + 16)
        var changed = false
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "\"") {
                let opens = out.isEmpty ? context == .opening : Self.quoteOpensAfter(out)
                out.append(contentsOf: opens ? opening : closing)
                changed = true
                index += 1
            } else if german, let abbreviation = abbreviation(in: text, at: index, after: out) {
                for part in abbreviation {
                    if part == UInt8(ascii: " ") { out.append(contentsOf: Self.nonBreakingSpace) } else { out.append(part) }
                }
                changed = true
                index += abbreviation.count
            } else if byte == UInt8(ascii: " "), Self.endsWithNumber(out), Self.unitFollows(in: text, at: index + 1) {
                out.append(contentsOf: Self.nonBreakingSpace)
                changed = true
                index += 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return changed ? out : nil
    }

    /// The context after `text` for the next text node of the same block.
    static func context(after text: UnsafeBufferPointer<UInt8>, default fallback: Context) -> Context {
        guard !text.isEmpty else { return fallback }
        return quoteOpensAfter(text) ? .opening : .closing
    }

    /// Only a quote, a space after a digit (before a unit) or ". " (in an abbreviation) can
    /// change anything; most text nodes have none of them, and this scan is all they cost.
    private func mayChange(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in text {
            if byte == UInt8(ascii: "\"") { return true }
            if byte == UInt8(ascii: " ") {
                if previous >= UInt8(ascii: "0") && previous <= UInt8(ascii: "9") { return true }
                if german && previous == UInt8(ascii: ".") { return true }
                // A non-ASCII number (e.g. "½ h") is rare: let the full pass decide.
                if previous >= 0x80 { return true }
            }
            previous = byte
        }
        return false
    }

    /// An abbreviation starting at `index` that does not continue a word ("Platz. B." is none).
    private func abbreviation(in text: UnsafeBufferPointer<UInt8>, at index: Int, after written: [UInt8]) -> [UInt8]? {
        // Every abbreviation starts with a lower-case letter, a dot and a space: a cheap first test.
        guard index + 2 < text.count, text[index + 1] == UInt8(ascii: "."), text[index + 2] == UInt8(ascii: " ") else { return nil }
        let first = text[index]
        guard first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"), !Self.endsWithLetter(written) else { return nil }
        candidates: for abbreviation in Self.abbreviations where abbreviation[0] == first && index + abbreviation.count <= text.count {
            for offset in 1..<abbreviation.count where text[index + offset] != abbreviation[offset] { continue candidates }
            return abbreviation
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
             UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ")"): true
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
