/// The placeholder texts `notices new` writes into a body ("TT. Monat JJJJ um HH:MM Uhr",
/// "(In einem Satz: …)"): a notice that still holds one must not be published, so each is an
/// error at its line. Taken from the skeletons themselves, so a changed skeleton is caught too.
struct ScaffoldPlaceholders: Sendable {
    static let shared = ScaffoldPlaceholders(skeletons: NoticeScaffold.skeletonCategories.map { NoticeScaffold.body(for: $0) })

    /// Each placeholder as UTF-8, grouped by its first byte for a single pass over a body.
    private let byFirstByte: [UInt8: [[UInt8]]]
    let texts: [String]

    init(skeletons: [String]) {
        var found: [String] = []
        for skeleton in skeletons {
            for text in Self.extract(from: skeleton) where !found.contains(text) { found.append(text) }
        }
        texts = found
        byFirstByte = Dictionary(grouping: found.map { Array($0.utf8) }, by: { $0[0] })
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
        var hits: [(Int, Int, String)] = []
        let bytes = Array(body.utf8)
        var line = 1, lineStart = 0, lastHitLine = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            } else if line != lastHitLine, let candidates = byFirstByte[byte],
                      let hit = candidates.first(where: { Self.matches($0, bytes, at: index) }) {
                let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
                hits.append((line, column, String(decoding: hit, as: UTF8.self)))
                lastHitLine = line
            }
            index += 1
        }
        return hits
    }

    private static func matches(_ pattern: [UInt8], _ bytes: [UInt8], at start: Int) -> Bool {
        guard start + pattern.count <= bytes.count else { return false }
        for offset in 1..<pattern.count where bytes[start + offset] != pattern[offset] { return false }
        return true
    }
}
