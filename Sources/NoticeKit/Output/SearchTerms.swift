/// The words of the notices' headings and summaries, each with the notices it occurs in: the part
/// of the search index that is loaded piece by piece. A term is a run of text between whitespace
/// (as JavaScript's `\s` defines it), kept as written; the browser folds case, umlauts and ß. Since
/// a query word holds no whitespace, it occurs in a text exactly when it occurs in one of its terms.
struct SearchTerms {
    /// Notices (by position in the index) whose headings and whose summary hold the term, ascending.
    struct Postings {
        var headings: [Int] = []
        var summary: [Int] = []
        var count: Int { headings.count + summary.count }
    }

    /// Every term, sorted, and its postings in the same order.
    let terms: [String]
    let postings: [Postings]

    init(headings: [String], summaries: [String]) {
        var table: [String: Postings] = [:]
        for (index, text) in headings.enumerated() {
            for term in Self.distinctTerms(text) { table[term, default: Postings()].headings.append(index) }
        }
        for (index, text) in summaries.enumerated() {
            for term in Self.distinctTerms(text) { table[term, default: Postings()].summary.append(index) }
        }
        terms = table.keys.sorted()
        postings = terms.map { table[$0]! }
    }

    /// Consecutive ranges of terms holding about `budget` postings each (a term is never split), so a
    /// shard's download stays the same size however large the site grows.
    func shards(budget: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = [], start = 0, filled = 0
        for (index, entry) in postings.enumerated() {
            if filled > 0 && filled + entry.count > budget {
                ranges.append(start..<index)
                start = index
                filled = 0
            }
            filled += entry.count
        }
        if start < postings.count { ranges.append(start..<postings.count) }
        return ranges
    }

    /// The terms of `text` in order of first occurrence, each once.
    static func distinctTerms(_ text: String) -> [String] {
        var seen = Set<String>(), result: [String] = []
        for term in terms(text) where seen.insert(term).inserted { result.append(term) }
        return result
    }

    /// `text` split at JavaScript whitespace (`/\s+/`), empty pieces dropped. Split by scalars, not
    /// characters: a combining mark after a space belongs to the next term, as in the browser.
    static func terms(_ text: String) -> [String] {
        var result: [String] = [], current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isJavaScriptWhitespace(scalar) {
                if !current.isEmpty { result.append(String(current)); current = String.UnicodeScalarView() }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    /// ECMAScript WhiteSpace and LineTerminator: what `\s` matches.
    static func isJavaScriptWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }
}
