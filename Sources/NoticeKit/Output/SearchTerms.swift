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

    /// Notices are read in fixed chunks (in parallel), whose tables are then merged in order, so the
    /// result is the same whatever the thread count.
    init(headings: [String], summaries: [String], threads: Int = WorkerThreads.count) {
        let chunkSize = 512
        let chunks = stride(from: 0, to: headings.count, by: chunkSize).map { $0..<min(headings.count, $0 + chunkSize) }
        let tables = chunks.parallelMap(threads: threads) { range in
            Self.table(headings: headings, summaries: summaries, range: range)
        }
        var table: [String: Postings] = [:]
        for chunk in tables {
            for (term, postings) in chunk {
                table[term, default: Postings()].headings += postings.headings
                table[term, default: Postings()].summary += postings.summary
            }
        }
        terms = table.keys.sorted()
        postings = terms.map { table[$0]! }
    }

    private static func table(headings: [String], summaries: [String], range: Range<Int>) -> [String: Postings] {
        var table: [Substring: Postings] = [:]
        for index in range {
            for term in terms(headings[index]) { table[term, default: Postings()].headings.note(index) }
            for term in terms(summaries[index]) { table[term, default: Postings()].summary.note(index) }
        }
        return Dictionary(uniqueKeysWithValues: table.map { (String($0.key), $0.value) })
    }

    /// Consecutive ranges of terms holding about `budget` postings each (a term is never split), so a
    /// shard's download stays the same size however large the site grows.
    func shards(budget: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var filled = 0
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

    /// `text` split at JavaScript whitespace (`/\s+/`), empty pieces dropped. Split by scalars, not
    /// characters: a combining mark after a space belongs to the next term, as in the browser.
    static func terms(_ text: String) -> [Substring] {
        let scalars = text.unicodeScalars
        var result: [Substring] = []
        var start: String.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if isJavaScriptWhitespace(scalars[index]) {
                if let begin = start {
                    result.append(Substring(scalars[begin..<index]))
                    start = nil
                }
            } else if start == nil {
                start = index
            }
            index = scalars.index(after: index)
        }
        if let begin = start { result.append(Substring(scalars[begin..<scalars.endIndex])) }
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

private extension [Int] {
    /// Positions only grow, so a term already noted for this notice ends with its position.
    mutating func note(_ position: Int) {
        if last != position { append(position) }
    }
}
