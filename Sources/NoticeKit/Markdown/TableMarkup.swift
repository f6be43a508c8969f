import Foundation

/// What cmark-gfm writes for tables, made fit for phones and the HTML standard: each table goes
/// into a scroll region that takes keyboard focus and has a name (`<div class="table-scroll"
/// role="region" tabindex="0" aria-label="Tabelle 1">`), and column alignment becomes a class
/// (`<td class="align-right">`) instead of the obsolete `align=` attribute, which the theme styles
/// (the CSP forbids inline style).
enum TableMarkup {
    /// The region's name in the site's language, numbered per body: `Tabelle 1`.
    static func label(language: String?) -> String {
        language?.lowercased().hasPrefix("de") == true ? "Tabelle" : "Table"
    }

    private static let tableOpen = Array("<table>".utf8), tableClose = Array("</table>".utf8)
    private static let aligned: [(from: [UInt8], to: [UInt8])] = ["th", "td"].flatMap { cell in
        ["left", "center", "right"].map { side in
            (Array("<\(cell) align=\"\(side)\">".utf8), Array("<\(cell) class=\"align-\(side)\">".utf8))
        }
    }

    /// Rewrites `html` in one pass; bodies without `<table>` come back unchanged.
    static func rewrite(_ html: [UInt8], label: String) -> [UInt8] {
        guard contains(html, tableOpen) else { return html }
        var out: [UInt8] = []
        out.reserveCapacity(html.count + 256)
        var index = 0
        var number = 0
        let lessThan = UInt8(ascii: "<")
        while index < html.count {
            // Text between tags is copied in runs.
            let next = nextTag(html, from: index)
            if next > index { out += html[index..<next] }
            index = next
            guard index < html.count else { break }
            if starts(html, at: index, with: tableOpen) {
                number += 1
                out += Array(
                    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"\(label) \(number)\">".utf8
                )
                out += tableOpen
                index += tableOpen.count
            } else if starts(html, at: index, with: tableClose) {
                out += tableClose
                out += Array("</div>".utf8)
                index += tableClose.count
            } else if let match = aligned.first(where: { starts(html, at: index, with: $0.from) }) {
                out += match.to
                index += match.from.count
            } else {
                out.append(lessThan)
                index += 1
            }
        }
        return out
    }

    private static func starts(_ bytes: [UInt8], at index: Int, with prefix: [UInt8]) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] { return false }
        return true
    }

    /// Index of the next `<` at or after `index`, or the end.
    private static func nextTag(_ bytes: [UInt8], from index: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                let found = memchr(base + index, Int32(UInt8(ascii: "<")), buffer.count - index)
            else {
                return buffer.count
            }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        var index = nextTag(bytes, from: 0)
        while index < bytes.count {
            if starts(bytes, at: index, with: needle) { return true }
            index = nextTag(bytes, from: index + 1)
        }
        return false
    }
}
