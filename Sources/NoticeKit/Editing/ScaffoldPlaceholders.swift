/// The placeholder texts `notices new` writes into a body ("TT. Monat JJJJ um HH:MM Uhr",
/// "(In einem Satz: …)"): a notice that still holds one must not be published, so each is an
/// error at its line. Taken from the skeletons themselves, so a changed skeleton is caught too.
struct ScaffoldPlaceholders: Sendable {
    static let shared = ScaffoldPlaceholders(
        skeletons: NoticeScaffold.skeletonCategories.map { NoticeScaffold.body(for: $0) })

    /// Each placeholder as UTF-8, grouped by its first byte for a single pass over a body:
    /// `groups[firstByte[b]]` for a byte `b` that starts one (`firstByte[b] < 0`: none does).
    private let groups: [[[UInt8]]]
    private let firstByte: [Int]
    let texts: [String]

    init(skeletons: [String]) {
        var found: [String] = []
        for skeleton in skeletons {
            for text in Self.extract(from: skeleton) where !found.contains(text) { found.append(text) }
        }
        texts = found
        let grouped = Dictionary(grouping: found.map { Array($0.utf8) }, by: { $0[0] })
        let starts = grouped.keys.sorted()
        groups = starts.map { grouped[$0]! }
        var table = [Int](repeating: -1, count: 256)
        for (index, byte) in starts.enumerated() { table[Int(byte)] = index }
        firstByte = table
    }

    /// Parenthesised hints, `TT. Monat JJJJ`, `HH:MM` and the words around a lone `…`.
    static func extract(from skeleton: String) -> [String] {
        var result: [String] = []
        for line in skeleton.split(separator: "\n") {
            var rest = line[...]
            while let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") {
                result.append(String(rest[open...close]))
                rest = rest[rest.index(after: close)...]
            }
            let words = line.split(separator: " ")
            for index in words.indices where words[index] == "…" && index > 0 && index + 1 < words.count {
                result.append("\(words[index - 1]) … \(words[index + 1])")
            }
        }
        for marker in ["TT. Monat JJJJ", "HH:MM"] where skeleton.contains(marker) { result.append(marker) }
        return result
    }

    /// (line, column) within `body` (1-based, columns in characters) and the placeholder, one per
    /// line: the first on that line.
    func find(in body: String) -> [(line: Int, column: Int, text: String)] {
        var body = body
        return body.withUTF8 { find(in: $0) }
    }

    /// One pass over the bytes: a table lookup per byte, a comparison only where a placeholder
    /// could start (a build scans every body, so this stays in the noise of rendering it).
    private func find(in bytes: UnsafeBufferPointer<UInt8>) -> [(line: Int, column: Int, text: String)] {
        var hits: [(Int, Int, String)] = []
        var line = 1
        var lineStart = 0
        var lastHitLine = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
                continue
            }
            let group = firstByte[Int(byte)]
            guard group >= 0, line != lastHitLine,
                let hit = groups[group].first(where: { Self.matches($0, bytes, at: index) })
            else { continue }
            let column =
                String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<index]), as: UTF8.self).count + 1
            hits.append((line, column, String(decoding: hit, as: UTF8.self)))
            lastHitLine = line
        }
        return hits
    }

    private static func matches(_ pattern: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + pattern.count <= bytes.count else { return false }
        for offset in 1..<pattern.count where bytes[start + offset] != pattern[offset] { return false }
        return true
    }
}
