/// How badly a disruption or security notice affects customers: `impact` in front matter.
/// Only these categories take it; they default to `major`, since an editor who writes a
/// disruption without thinking about its weight means "customers cannot work as usual".
public enum Impact: String, Sendable, Hashable, CaseIterable, Comparable {
    case minor, major, critical

    /// Category ids whose notices carry an impact.
    public static let categories = ["stoerung", "sicherheit"]
    public static let defaultValue = Impact.major

    private var rank: Int { Impact.allCases.firstIndex(of: self)! }

    public static func < (a: Impact, b: Impact) -> Bool { a.rank < b.rank }
}
