/// A value a template can show: built by the generator's view models, read by `TemplateLibrary`.
///
/// Not `indirect`: the recursion goes through arrays (`list`, and `object`'s storage), so every case
/// is stored inline and reading a value during rendering never follows an extra box.
enum TemplateValue: Sendable, Equatable {
    /// `{{x}}` writes it HTML-escaped, `{{{x}}}` and `{{& x}}` raw.
    case string(String)
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
    var isFalsey: Bool {
        switch self {
        case .null, .bool(false): true
        case .list(let items): items.isEmpty
        default: false
        }
    }

    /// The value under `key` if this is an object.
    subscript(key: String) -> TemplateValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    init(stringLiteral value: String) { self = .string(value) }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    init(integerLiteral value: Int) { self = .int(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// `["a": 1, "b": "x"]` is an object that keeps the literal's key order.
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(elements))
    }
}

/// An object key with its hash computed once, so lookups compare integers first.
struct TemplateKey: Sendable, Hashable {
    let string: String
    let hash: Int

    init(_ string: String) {
        self.string = string
        // FNV-1a over the UTF-8 bytes: cheap, deterministic, and good enough for a filter
        // in front of the string comparison.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in string.utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash = Int(truncatingIfNeeded: h)
    }

    static func == (lhs: TemplateKey, rhs: TemplateKey) -> Bool {
        lhs.hash == rhs.hash && lhs.string == rhs.string
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }
}

/// A small ordered map `String -> TemplateValue` (the objects of docs/templates.md have at most
/// a dozen keys). Lookup is a linear scan over precomputed key hashes, which beats hashing the
/// key into a dictionary at these sizes. Setting an existing key keeps its position.
struct TemplateObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private(set) var keys: [TemplateKey]
    private(set) var values: [TemplateValue]

    init() {
        keys = []
        values = []
    }

    /// Pairs in order; a repeated key keeps its first position and takes the last value.
    init(_ pairs: KeyValuePairs<String, TemplateValue>) {
        self.init()
        reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// Pairs in order; a repeated key keeps its first position and takes the last value.
    init(_ pairs: [(String, TemplateValue)]) {
        self.init()
        reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }

    mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }
    /// The keys in order.
    var keyStrings: [String] { keys.map(\.string) }
    /// The pairs in order.
    var pairs: [(String, TemplateValue)] { Array(zip(keys.lazy.map(\.string), values)) }

    /// The value for `key`, or nil. Setting nil removes the key; setting a new key appends it.
    subscript(key: String) -> TemplateValue? {
        get { self[TemplateKey(key)] }
        set { set(TemplateKey(key), newValue) }
    }

    /// The lookup the renderer uses: the key's hash was computed when the template was parsed.
    @inline(__always)
    subscript(key: TemplateKey) -> TemplateValue? {
        guard let index = index(of: key) else { return nil }
        return values[index]
    }

    @inline(__always)
    func index(of key: TemplateKey) -> Int? {
        keys.withUnsafeBufferPointer { keys in
            var index = 0
            while index < keys.count {
                if keys[index].hash == key.hash, keys[index].string == key.string { return index }
                index += 1
            }
            return nil
        }
    }

    private mutating func set(_ key: TemplateKey, _ value: TemplateValue?) {
        if let index = index(of: key) {
            if let value {
                values[index] = value
            } else {
                keys.remove(at: index)
                values.remove(at: index)
            }
        } else if let value {
            keys.append(key)
            values.append(value)
        }
    }

    /// A copy with `key` set to `value` (replaced in place if present, else appended).
    func setting(_ key: String, _ value: TemplateValue) -> TemplateObject {
        var copy = self
        copy[key] = value
        return copy
    }

    /// A copy with every pair of `other` set in order: `other` wins on shared keys.
    func merging(_ other: TemplateObject) -> TemplateObject {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Sets every pair of `other` in order: `other` wins on shared keys.
    mutating func merge(_ other: TemplateObject) {
        reserveCapacity(count + other.count)
        for index in other.keys.indices {
            set(other.keys[index], other.values[index])
        }
    }

    /// Order matters: two objects are equal when they hold the same pairs in the same order.
    static func == (lhs: TemplateObject, rhs: TemplateObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }
}
