/// An e-mail address with an optional display name: `Kundeninformationen <hilfe@example.de>`.
struct MailAddress: Sendable, Equatable {
    var name: String?
    /// `hilfe@example.de`
    var address: String

    /// Reads `addr` or `Name <addr>`; nil unless the address is a plain `local@domain` without
    /// spaces, quotes, brackets or control characters (nothing that could break a header).
    static func parse(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingWhitespace
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let display = String(trimmed[..<open]).trimmingWhitespace
            name = display.isEmpty ? nil : display
        }
        if let name, name.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" || ($0.asciiValue ?? 32) < 32 }) {
            return nil
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."),
            address.allSatisfy({
                $0.isASCII && !$0.isWhitespace && !"<>()[]\\,;:\"".contains($0) && ($0.asciiValue ?? 0) > 32
            })
        else { return nil }
        return MailAddress(name: name, address: address)
    }

    var domain: String { String(address.split(separator: "@").last ?? "") }
}
