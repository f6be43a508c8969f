/// "Did you mean …?" suggestions for ids and keys.
enum Suggestions {
    /// The candidates closest to `word` by edit distance (case-insensitive), best first.
    /// A candidate qualifies when it is within a third of the word's length, or when one
    /// contains the other. Ties go to the candidate whose differing characters are nearest
    /// (`drkcms-v8` suggests `drkcms-v7` and `drkcms-v9` before `drkcms-v6`), then to catalog order.
    static func nearest(to word: String, in candidates: [String], limit: Int = 2) -> [String] {
        let needle = word.lowercased()
        guard !needle.isEmpty else { return [] }
        let threshold = max(2, needle.count / 3)
        let scored: [(String, Int, Int, Int)] = candidates.enumerated().compactMap { index, candidate in
            let lower = candidate.lowercased()
            let distance = editDistance(needle, lower)
            if distance <= threshold || lower.contains(needle) || needle.contains(lower) {
                return (candidate, distance, characterGap(needle, lower), index)
            }
            return nil
        }
        return scored.sorted { ($0.1, $0.2, $0.3) < ($1.1, $1.2, $1.3) }.prefix(limit).map(\.0)
    }

    /// " (did you mean 'a' or 'b'?)", or "" when nothing is close.
    static func didYouMean(_ word: String, in candidates: [String]) -> String {
        let near = nearest(to: word, in: candidates)
        guard !near.isEmpty else { return "" }
        return " (did you mean " + near.map { "'\($0)'" }.joined(separator: " or ") + "?)"
    }

    /// For words of equal length, how far apart the differing characters are; else a large number.
    static func characterGap(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        guard a.count == b.count else { return Int.max }
        return zip(a, b).reduce(0) { $0 + abs(Int($1.0.value) - Int($1.1.value)) }
    }

    /// Edit distance counting a swap of neighbours as one edit (optimal string alignment):
    /// typos like `titel` for `title` are one step away. Inputs here are short ids and keys.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
