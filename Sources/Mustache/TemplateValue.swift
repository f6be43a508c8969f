/// A value a template can show: built by the generator's view models, read by `TemplateLibrary`.
///
/// Not `indirect`: the recursion goes through arrays (`list`, and `object`'s storage), so every case
/// is stored inline and reading a value during rendering never follows an extra box.
public enum TemplateValue: Sendable, Equatable {
    /// `{{x}}` writes it HTML-escaped, `{{{x}}}` and `{{& x}}` raw.
    case string(String)
    /// Text already in UTF-8 bytes, shown exactly like `.string` (escaped by `{{x}}`, raw by
    /// `{{{x}}}`). For a page body rendered with `TemplateLibrary.render(_:_:into:)` and handed to
    /// the layout: it skips building a `String`, whose UTF-8 validation of a page with any
    /// non-ASCII character costs more than rendering it. The bytes must be valid UTF-8.
    case utf8([UInt8])
    /// Written as `true` / `false`; `false` is falsey in sections.
    case bool(Bool)
    /// Written in decimal.
    case int(Int)
    /// A section renders once per item; an empty list is falsey. Interpolated, it writes nothing.
    case list([TemplateValue])
    /// A section pushes it so its keys can be named. Interpolated, it writes nothing.
    case object(TemplateObject)
    /// Falsey; written as nothing.
    case null

    /// Falsey values (a section skips them, an inverted section shows): `false`, `null`, the empty
    /// list, and (outside this type) a missing key. As in the Mustache spec's reference
    /// implementation, `""` and `0` are truthy.
    public var isFalsey: Bool {
        switch self {
        case .null, .bool(false): true
        case .list(let items): items.isEmpty
        default: false
        }
    }

    /// The value under `key` if this is an object.
    public subscript(key: String) -> TemplateValue? {
        lookup(TemplateKey(key))
    }

    /// The value under `key` if this is an object.
    @inline(__always)
    public func lookup(_ key: TemplateKey) -> TemplateValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// `["a": 1, "b": "x"]` is an object that keeps the literal's key order.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(elements))
    }
}
