/// Which `Host` header values the preview server answers: the address it is bound to, `localhost`
/// when that is a loopback address, any IP literal when it listens on all addresses, each with
/// its port. A page whose own name was made to resolve to 127.0.0.1 (DNS rebinding) sends its
/// own name as `Host` and is refused, so it cannot read drafts from the preview.
struct HostRule: Sendable {
    let port: UInt16
    let names: Set<String>
    let anyIPLiteral: Bool

    init(boundTo address: String, port: UInt16) {
        self.port = port
        let bare = address.trimming(["[", "]"]).lowercased()
        let isLoopback = bare == "::1" || bare.hasPrefix("127.")
        var names: Set<String> = [bare.contains(":") ? "[\(bare)]" : bare]
        if isLoopback { names.formUnion(["localhost", "127.0.0.1", "[::1]"]) }
        self.names = names
        anyIPLiteral = bare == "0.0.0.0" || bare == "::"
    }

    func allows(_ host: String) -> Bool {
        let value = host.lowercased()
        var name = value
        var givenPort: UInt16 = 80
        if let colon = value.lastIndex(of: ":"), !value.hasSuffix("]") {
            guard let number = UInt16(value[value.index(after: colon)...]) else { return false }
            givenPort = number
            name = String(value[..<colon])
        }
        guard givenPort == port else { return false }
        return names.contains(name) || (anyIPLiteral && Self.isIPLiteral(name))
    }

    private static func isIPLiteral(_ name: String) -> Bool {
        if name.hasPrefix("[") && name.hasSuffix("]") {
            return name.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
