/// A value a template can show: built by the generator's view models, read by `TemplateLibrary`.
///
/// Not `indirect`: the recursion goes through arrays (`list`, and `object`'s storage), so every case
/// is stored inline and reading a value during rendering never follows an extra box.
public enum TemplateValue: Sendable, Equatable {
    /// `{{x}}` writes it HTML-escaped, `{{{x}}}` and `{{& x}}` raw.
    case string(String)
    /// Text already in UTF-8 bytes, shown exactly like `.string` (escaped by `{{x}}`, raw by
    /// `{{{x}}}`). For a page body rendered with `TemplateLibrary.render(_:_:into:)` and handed to
    /// the layout: it skips building a `String`, whose UTF-8 validation costs more than rendering
    /// (about 20 µs for a 25 KB page with any non-ASCII character). The bytes must be valid UTF-8.
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
    public var pairs: [(String, TemplateValue)] { (0..<storage.count).map { (storage.keyStrings[$0], storage.values[$0]) } }

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
            guard lhs.storage.keyStrings[index] == rhs.storage.keyStrings[index], lhs.storage.values[index] == rhs.storage.values[index] else { return false }
        }
        return true
    }
}

/// The pairs of a `TemplateObject` in memory it owns, so a pointer to a value stays valid as
/// long as the storage lives. Mutated only while uniquely referenced (`TemplateObject` copies it
/// first otherwise), hence immutable whenever shared, which makes it safe to send.
///
/// One block holds, for `capacity` pairs: the values, the key strings, the key hashes (dense,
/// for the scan) and, above `linearLimit` pairs, an open-addressing table of `index + 1` by hash.
final class TemplateObjectStorage: @unchecked Sendable {
    private(set) var count = 0
    let capacity: Int
    /// One bit per key, chosen by its hash: a key whose bit is clear is not here, which makes
    /// the common miss (walking up the context stack) one AND.
    private(set) var keyMask: UInt64 = 0
    let values: UnsafeMutablePointer<TemplateValue>
    let keyStrings: UnsafeMutablePointer<String>
    let hashes: UnsafeMutablePointer<Int>
    /// Nil up to `linearLimit` pairs; at most half full.
    private let slots: UnsafeMutablePointer<Int32>?
    private let slotMask: Int
    private let block: UnsafeMutableRawPointer
    static let linearLimit = 8

    init(capacity: Int) {
        self.capacity = capacity
        let room = max(capacity, 1)
        var slotCount = 0
        if capacity > Self.linearLimit {
            slotCount = 16
            while slotCount < capacity * 2 { slotCount *= 2 }
        }
        let valuesBytes = MemoryLayout<TemplateValue>.stride * room
        let keysOffset = (valuesBytes + 15) & ~15
        let hashesOffset = keysOffset + MemoryLayout<String>.stride * room
        let slotsOffset = hashesOffset + MemoryLayout<Int>.stride * room
        let size = slotsOffset + MemoryLayout<Int32>.stride * slotCount
        let alignment = max(16, MemoryLayout<TemplateValue>.alignment, MemoryLayout<String>.alignment)
        block = .allocate(byteCount: size, alignment: alignment)
        values = block.bindMemory(to: TemplateValue.self, capacity: room)
        keyStrings = (block + keysOffset).bindMemory(to: String.self, capacity: room)
        hashes = (block + hashesOffset).bindMemory(to: Int.self, capacity: room)
        if slotCount > 0 {
            let table = (block + slotsOffset).bindMemory(to: Int32.self, capacity: slotCount)
            table.initialize(repeating: 0, count: slotCount)
            slots = table
            slotMask = slotCount - 1
        } else {
            slots = nil
            slotMask = 0
        }
    }

    deinit {
        values.deinitialize(count: count)
        keyStrings.deinitialize(count: count)
        block.deallocate()
    }

    func key(at index: Int) -> TemplateKey {
        TemplateKey(string: keyStrings[index], hash: hashes[index])
    }

    func copy(capacity: Int) -> TemplateObjectStorage {
        let copy = TemplateObjectStorage(capacity: capacity)
        for index in 0..<count { copy.append(key(at: index), values[index]) }
        return copy
    }

    @inline(__always)
    static func maskBit(_ hash: Int) -> UInt64 {
        1 &<< UInt64(truncatingIfNeeded: hash &>> 58)
    }

    @inline(__always)
    func index(of key: TemplateKey) -> Int? {
        if keyMask & Self.maskBit(key.hash) == 0 { return nil }
        if let slots {
            var slot = key.hash & slotMask
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { return nil }
                if hashes[entry - 1] == key.hash, keyStrings[entry - 1] == key.string { return entry - 1 }
                slot = (slot + 1) & slotMask
            }
        }
        var index = 0
        while index < count {
            if hashes[index] == key.hash, keyStrings[index] == key.string { return index }
            index += 1
        }
        return nil
    }

    /// Where the value of `key` is; valid while this storage lives (the renderer's lookup).
    @inline(__always)
    func pointer(to key: TemplateKey) -> UnsafePointer<TemplateValue>? {
        guard let index = index(of: key) else { return nil }
        return UnsafePointer(values + index)
    }

    /// Replaces the value of `key` or appends the pair; needs room for one more pair.
    fileprivate func set(_ key: TemplateKey, _ value: TemplateValue) {
        if let index = index(of: key) {
            values[index] = value
        } else {
            append(key, value)
        }
    }

    private func append(_ key: TemplateKey, _ value: TemplateValue) {
        precondition(count < capacity, "TemplateObjectStorage is full")
        (values + count).initialize(to: value)
        (keyStrings + count).initialize(to: key.string)
        hashes[count] = key.hash
        keyMask |= Self.maskBit(key.hash)
        if let slots {
            var slot = key.hash & slotMask
            while slots[slot] != 0 { slot = (slot + 1) & slotMask }
            slots[slot] = Int32(count + 1)
        }
        count += 1
    }
}
