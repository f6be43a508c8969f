extension String {
    /// Whether the text has at least `characters` characters. `count` breaks the whole text into
    /// grapheme clusters; this stops after `characters` of them, and a text with fewer UTF-8 bytes
    /// than that cannot have enough (each character is at least one byte).
    func hasAtLeast(_ characters: Int) -> Bool {
        guard characters > 0 else { return true }
        guard utf8.count >= characters else { return false }
        var seen = 0
        for _ in self {
            seen += 1
            if seen >= characters { return true }
        }
        return false
    }
}
