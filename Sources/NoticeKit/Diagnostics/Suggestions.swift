import Foundation

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

    /// " (did you mean 'a' or 'b'?)", or nothing when nothing is close.
    static func hint(for word: String, in candidates: [String]) -> MessageArgument {
        hint(nearest(to: word, in: candidates))
    }

    /// Like `hint(for:in:)` for a product, matching what editors type: ids, names and labels.
    static func hint(forProduct word: String, in catalog: Catalog) -> MessageArgument {
        hint(nearest(product: word, in: catalog))
    }

    private static func hint(_ near: [String]) -> MessageArgument {
        near.isEmpty ? .empty : MessageArgument(.didYouMean, ["choices": .choices(near)])
    }

    /// Product ids for what an editor wrote: the label customers see (`DRKCMS v6 KV-Vorlage`,
    /// `DRKCMS v6 (ab 2014) KV-Vorlage`), a name (`KV-Vorlage`) or an id with other spacing
    /// (`drkcms v6 kv`). Compared folded (`fold`); products that match exactly win, else the
    /// nearest by edit distance. A node is never suggested together with one of its descendants,
    /// since following the broader suggestion would widen the notice to every product below it.
    static func nearest(product word: String, in catalog: Catalog, limit: Int = 2) -> [String] {
        let needle = fold(word)
        guard !needle.isEmpty else { return [] }
        let products = catalog.products
        let forms: [[String]] = products.map { [fold($0.id), fold($0.name), fold($0.label)] }
        let exact = products.indices.filter { forms[$0].contains(needle) }
        if !exact.isEmpty { return mostPrecise(exact, in: catalog).prefix(limit).map { products[$0].id } }
        let threshold = max(2, needle.count / 3)
        let scored: [(index: Int, distance: Int, gap: Int)] = products.indices.compactMap { index in
            let (distance, gap) =
                forms[index].map { (editDistance(needle, $0), characterGap(needle, $0)) }.min { $0 < $1 } ?? (
                    Int.max, Int.max
                )
            let contains = forms[index].contains { $0.count > needle.count && $0.contains(needle) }
            return distance <= threshold || contains ? (index, distance, gap) : nil
        }
        let ranked = scored.sorted { ($0.distance, $0.gap, $0.index) < ($1.distance, $1.gap, $1.index) }
        // A broader node goes only when a node below it is at least as near.
        let best = Dictionary(ranked.map { ($0.index, $0.distance) }, uniquingKeysWith: min)
        let shadowed = Set(
            ranked.flatMap { candidate in
                catalog.ancestors(of: candidate.index).filter { best[$0].map { candidate.distance <= $0 } ?? false }
            })
        return ranked.map(\.index).filter { !shadowed.contains($0) }.prefix(limit).map { products[$0].id }
    }

    /// `indexes` without any node that is an ancestor of another one in the list, order kept.
    private static func mostPrecise(_ indexes: [Int], in catalog: Catalog) -> [Int] {
        let ancestors = Set(indexes.flatMap { catalog.ancestors(of: $0) })
        return indexes.filter { !ancestors.contains($0) }
    }

    /// How an editor's spelling of a product compares: lower-case, without `(ab 2014)` or
    /// `(since 2014)`, without the word `Vorlage`, without spaces, dashes and other punctuation.
    static func fold(_ text: String) -> String {
        var lower = text.lowercased()
        while let open = lower.firstIndex(of: "("), let close = lower[open...].firstIndex(of: ")"),
            lower[open...close].contains(where: \.isNumber)
        {
            lower.removeSubrange(open...close)
        }
        lower = lower.replacingOccurrences(of: "vorlage", with: "")
        return String(lower.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// For words of equal length, how far apart the differing characters are; else a large number.
    static func characterGap(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        guard a.count == b.count else { return Int.max }
        return zip(a, b).reduce(0) { $0 + abs(Int($1.0.value) - Int($1.1.value)) }
    }

    /// Edit distance counting a swap of neighbours as one edit (optimal string alignment):
    /// typos like `titel` for `title` are one step away. Inputs here are short ids and keys.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
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
