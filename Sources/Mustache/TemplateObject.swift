/// A small ordered map `String -> TemplateValue` (the objects of docs/templates.md have at most
/// a few dozen keys). Keys are hashed once when set and when a template is parsed; a lookup
/// tests a 64-bit key mask (most misses end there), then scans the hashes (up to 8 keys) or
/// probes a small hash table. Setting an existing key keeps its position.
///
/// A value type: the pairs live in one copy-on-write storage object, so copying an object is one
/// reference count, and the renderer can point at values inside it while it renders.
public struct TemplateObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private(set) var storage: TemplateObjectStorage

    public init() {
        storage = TemplateObjectStorage(capacity: 0)
    }

    /// Pairs in order; a repeated key keeps its first position and takes the last value.
    public init(_ pairs: KeyValuePairs<String, TemplateValue>) {
        storage = TemplateObjectStorage(capacity: pairs.count)
        for (key, value) in pairs { storage.set(TemplateKey(key), value) }
    }

    /// Pairs in order; a repeated key keeps its first position and takes the last value.
    public init(_ pairs: [(String, TemplateValue)]) {
        storage = TemplateObjectStorage(capacity: pairs.count)
        for (key, value) in pairs { storage.set(TemplateKey(key), value) }
    }

    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.count == 0 }
    /// The keys in order.
    public var keyStrings: [String] { (0..<storage.count).map { storage.keyStrings[$0] } }
    /// The pairs in order.
    public var pairs: [(String, TemplateValue)] {
        (0..<storage.count).map { (storage.keyStrings[$0], storage.values[$0]) }
    }

    /// Room for `count` pairs without growing.
    public mutating func reserveCapacity(_ count: Int) {
        makeUnique(capacity: count)
    }

    /// The value for `key`, or nil. Setting nil removes the key; setting a new key appends it.
    public subscript(key: String) -> TemplateValue? {
        get { self[TemplateKey(key)] }
        set { set(TemplateKey(key), newValue) }
    }

    public subscript(key: TemplateKey) -> TemplateValue? {
        guard let index = storage.index(of: key) else { return nil }
        return storage.values[index]
    }

    private mutating func set(_ key: TemplateKey, _ value: TemplateValue?) {
        if let value {
            makeUnique(capacity: storage.count + 1)
            storage.set(key, value)
        } else if let removed = storage.index(of: key) {
            // Rare: rebuild without the pair.
            let old = storage
            storage = TemplateObjectStorage(capacity: old.capacity)
            for index in 0..<old.count where index != removed { storage.set(old.key(at: index), old.values[index]) }
        }
    }

    /// Makes the storage unique with room for `needed` pairs, growing geometrically.
    private mutating func makeUnique(capacity needed: Int) {
        let hasRoom = storage.capacity >= needed
        if hasRoom, isKnownUniquelyReferenced(&storage) { return }
        storage = storage.copy(capacity: hasRoom ? storage.capacity : max(needed, storage.capacity * 2, 4))
    }

    /// A copy with `key` set to `value` (replaced in place if present, else appended).
    public func setting(_ key: String, _ value: TemplateValue) -> TemplateObject {
        var copy = self
        copy[key] = value
        return copy
    }

    /// A copy with every pair of `other` set in order: `other` wins on shared keys.
    public func merging(_ other: TemplateObject) -> TemplateObject {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Sets every pair of `other` in order: `other` wins on shared keys.
    public mutating func merge(_ other: TemplateObject) {
        let source = other.storage
        makeUnique(capacity: storage.count + source.count)
        for index in 0..<source.count {
            storage.set(source.key(at: index), source.values[index])
        }
    }

    /// Order matters: two objects are equal when they hold the same pairs in the same order.
    public static func == (lhs: TemplateObject, rhs: TemplateObject) -> Bool {
        if lhs.storage === rhs.storage { return true }
        guard lhs.count == rhs.count else { return false }
        for index in 0..<lhs.count {
            guard lhs.storage.keyStrings[index] == rhs.storage.keyStrings[index],
                lhs.storage.values[index] == rhs.storage.values[index]
            else { return false }
        }
        return true
    }
}
