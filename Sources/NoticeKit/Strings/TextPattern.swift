/// A UI text with `{name}` placeholders (`Behoben am {date}`), split once when the strings file is
/// loaded so filling it in while rendering is a few appends. A `{` that does not open a
/// `{snake_case}` name is text.
struct TextPattern: Sendable, Equatable {
    enum Piece: Sendable, Equatable {
        case text(String)
        case placeholder(String)
    }

    let pieces: [Piece]

    init(_ text: String) {
        var pieces: [Piece] = []
        var literal = Substring()
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), Self.isName(rest[afterOpen..<close]) {
                literal += rest[..<open]
                if !literal.isEmpty { pieces.append(.text(String(literal))) }
                literal = ""
                pieces.append(.placeholder(String(rest[afterOpen..<close])))
                rest = rest[rest.index(after: close)...]
            } else {
                literal += rest[...open]
                rest = rest[afterOpen...]
            }
        }
        literal += rest
        if !literal.isEmpty { pieces.append(.text(String(literal))) }
        self.pieces = pieces
    }

    /// The placeholder names, in order of first use.
    var placeholders: [String] {
        var seen: [String] = []
        for case .placeholder(let name) in pieces where !seen.contains(name) { seen.append(name) }
        return seen
    }

    /// The text with each placeholder replaced by its value; a name without a value stays as written.
    func callAsFunction(_ values: KeyValuePairs<String, String>) -> String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text): result += text
            case .placeholder(let name): result += values.first { $0.key == name }?.value ?? "{\(name)}"
            }
        }
        return result
    }

    /// `{snake_case}`: a lower-case letter, then lower-case letters, digits and `_`.
    static func isName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
