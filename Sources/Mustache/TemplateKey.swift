/// An object key with its hash computed once, so lookups compare integers first.
public struct TemplateKey: Sendable, Hashable {
    public let string: String
    public let hash: Int

    public init(string: String, hash: Int) {
        self.string = string
        self.hash = hash
    }

    public init(_ string: String) {
        self.string = string
        // FNV-1a over the UTF-8 bytes: cheap, deterministic, and good enough for a filter
        // in front of the string comparison.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in string.utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash = Int(truncatingIfNeeded: h)
    }

    public static func == (lhs: TemplateKey, rhs: TemplateKey) -> Bool {
        lhs.hash == rhs.hash && lhs.string == rhs.string
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }
}
