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
    func set(_ key: TemplateKey, _ value: TemplateValue) {
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
