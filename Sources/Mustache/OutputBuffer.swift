/// A growable byte buffer without `Array`'s per-append uniqueness and generic copy overhead.
/// Owned by one `MustacheRenderer`, which deallocates it.
struct OutputBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    private mutating func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        append(source, bytes.count)
    }

    /// Copies `n` bytes from `source`; the short runs between tags are copied inline with
    /// overlapping word moves rather than a call to `memmove`.
    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, _ n: Int) {
        if count + n > capacity { grow(toHold: count + n) }
        let target = UnsafeMutableRawPointer(base + count)
        let from = UnsafeRawPointer(source)
        if n <= 16 {
            if n >= 8 {
                let head = from.loadUnaligned(as: UInt64.self)
                let tail = from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                target.storeBytes(of: head, as: UInt64.self)
                target.storeBytes(of: tail, toByteOffset: n - 8, as: UInt64.self)
            } else if n >= 4 {
                let head = from.loadUnaligned(as: UInt32.self)
                let tail = from.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                target.storeBytes(of: head, as: UInt32.self)
                target.storeBytes(of: tail, toByteOffset: n - 4, as: UInt32.self)
            } else {
                for offset in 0..<n { target.storeBytes(of: source[offset], toByteOffset: offset, as: UInt8.self) }
            }
        } else if n <= 32 {
            let a = from.loadUnaligned(as: UInt64.self)
            let b = from.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let c = from.loadUnaligned(fromByteOffset: n - 16, as: UInt64.self)
            let d = from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            target.storeBytes(of: a, as: UInt64.self)
            target.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
            target.storeBytes(of: c, toByteOffset: n - 16, as: UInt64.self)
            target.storeBytes(of: d, toByteOffset: n - 8, as: UInt64.self)
        } else {
            target.copyMemory(from: from, byteCount: n)
        }
        count += n
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ string: StaticString) {
        append(UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    /// Reverses the bytes from `start` to the end (for digits written backwards).
    mutating func reverseTail(from start: Int) {
        var low = start
        var high = count - 1
        while low < high {
            let byte = base[low]
            base[low] = base[high]
            base[high] = byte
            low += 1
            high -= 1
        }
    }
}
