import Foundation

/// A bump allocator per thread for everything cmark-gfm allocates while one body is parsed and
/// rendered: nodes, literals, the parser's line buffers and the HTML buffer.
///
/// cmark-gfm makes hundreds of small allocations per body (a node, a literal copy, a list cell)
/// and frees them all together at the end. Through the system allocator they are a large share
/// of a build (docs/performance.md), more as the heap fragments on large sites, and their holes
/// are scattered among the values the build keeps. Here they come from one block per thread,
/// and "free" is a reset after the body is done (up to a budget per body; see `ThreadArena`).
/// `calloc`, `realloc` and `free` are plain C functions without a context argument
/// (`cmark_mem`), so each thread finds its arena through a thread-local key.
///
/// Use: `RenderArena.begin()` before the parser is made; if it returns true, pass
/// `RenderArena.calloc`/`realloc`/`free` to the library and call `RenderArena.end()` once nothing
/// the library allocated is needed any more. A nested `begin` on the same thread returns false
/// (then use the system allocator).
enum RenderArena {
    /// The size of the block a thread starts with, and of each block added during a body.
    static let blockSize = 256 * 1024
    /// A thread keeps a larger block after a body that needed one, up to this size.
    static let largestKeptBlock = 4 * 1024 * 1024
    /// Block bytes one body may use; past it allocations come from the system allocator (and
    /// are freed when the library frees them). The largest notices need a few megabytes.
    static let budget = 16 * 1024 * 1024

    /// Starts a body on this thread's arena; false if the arena is in use already.
    static func begin() -> Bool {
        let arena = current ?? makeCurrent()
        if arena.pointee.isActive { return false }
        arena.pointee.isActive = true
        return true
    }

    /// Releases everything allocated since `begin`; the pointers handed out are invalid afterwards.
    static func end() {
        guard let arena = current else { return }
        arena.pointee.reset()
    }

    static let calloc: @convention(c) (Int, Int) -> UnsafeMutableRawPointer? = { count, size in
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        if overflow { outOfMemory(count) }  // a negative total is refused by `allocate`
        let pointer = RenderArena.current!.pointee.allocate(total)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: total)
        return pointer
    }

    static let realloc: @convention(c) (UnsafeMutableRawPointer?, Int) -> UnsafeMutableRawPointer? = { pointer, size in
        RenderArena.current!.pointee.reallocate(pointer, size)
    }

    static let free: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
        RenderArena.current!.pointee.release(pointer)
    }

    private static var current: UnsafeMutablePointer<ThreadArena>? {
        pthread_getspecific(key)?.assumingMemoryBound(to: ThreadArena.self)
    }

    private static func makeCurrent() -> UnsafeMutablePointer<ThreadArena> {
        let arena = UnsafeMutablePointer<ThreadArena>.allocate(capacity: 1)
        arena.initialize(to: ThreadArena(capacity: blockSize))
        pthread_setspecific(key, arena)
        return arena
    }

    /// Frees a thread's arena when the thread ends (worker threads of a long `serve`).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { raw in
            guard let arena = raw?.assumingMemoryBound(to: ThreadArena.self) else { return }
            arena.pointee.releaseAll()
            arena.deinitialize(count: 1)
            arena.deallocate()
        }
        precondition(status == 0, "pthread_key_create failed (\(status))")
        return key
    }()

    fileprivate static func outOfMemory(_ bytes: Int) -> Never {
        fatalError("out of memory while rendering Markdown (\(bytes) bytes asked for)")
    }
}

/// One thread's blocks. Each allocation is preceded by a 16-byte header: its size, then its
/// kind (from a block, or from the system allocator). The newest allocation in a block grows and
/// shrinks in place, which is how cmark-gfm's buffers grow.
///
/// A block never gives freed memory back before the body ends, so a library pattern that
/// allocates and frees over and over would make a body's memory grow without bound: cmark-gfm
/// 0.29.0.gfm.6 re-splits a whole paragraph into table cells for every `|-|` line under it
/// (docs/reliability.md, section 6). Past `RenderArena.budget` bytes of blocks in one
/// body, allocations therefore come from the system allocator, with a real `free`, and are kept
/// on a list through their headers so that a reset frees what the library left.
private struct ThreadArena {
    /// Bytes before a block allocation: size, kind (16 keeps every allocation 16-byte aligned).
    static let header = 16
    /// Bytes before a system allocation: previous and next on the list, then size and kind.
    static let systemHeader = 32
    private static let fromBlock = 0, fromSystem = 1

    /// The block kept between bodies.
    private var kept: UnsafeMutableRawPointer
    private var keptCapacity: Int
    /// The block allocations come from now: `kept`, or the newest of `extra`.
    private var block: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0
    /// Offset of the newest allocation's header in `block`, if it is there.
    private var newest: Int?
    /// Blocks added during this body; freed at reset.
    private var extra: [UnsafeMutableRawPointer] = []
    /// Bytes handed out from blocks during this body, to size the kept block and for the budget.
    private var total = 0
    /// The newest live system allocation (its start, before the list links); nil if none.
    private var systemList: UnsafeMutableRawPointer?
    var isActive = false

    init(capacity: Int) {
        kept = Self.allocateBlock(capacity)
        keptCapacity = capacity
        block = kept
        self.capacity = capacity
    }

    private static func allocateBlock(_ bytes: Int) -> UnsafeMutableRawPointer {
        guard let block = systemMalloc(bytes) else { RenderArena.outOfMemory(bytes) }
        return block
    }

    private static func rounded(_ size: Int) -> Int { (size + 15) & ~15 }

    private static func checked(_ size: Int) -> Int {
        // A size_t of 2^63 or more arrives negative; the system allocator would fail it too.
        if size < 0 || size > Int.max / 2 { RenderArena.outOfMemory(size) }
        return size
    }

    mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer {
        let size = Self.checked(size)
        let needed = Self.header + Self.rounded(size)
        if total + needed > RenderArena.budget { return allocateFromSystem(size) }
        if used + needed > capacity {
            let bytes = max(RenderArena.blockSize, needed)
            block = Self.allocateBlock(bytes)
            extra.append(block)
            capacity = bytes
            used = 0
        }
        let start = block + used
        start.storeBytes(of: size, as: Int.self)
        start.storeBytes(of: Self.fromBlock, toByteOffset: 8, as: Int.self)
        newest = used
        used += needed
        total += needed
        return start + Self.header
    }

    mutating func reallocate(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
        guard let pointer else { return allocate(size) }
        let size = Self.checked(size)
        if Self.kind(of: pointer) == Self.fromSystem { return reallocateFromSystem(pointer, size) }
        let start = pointer - Self.header
        let oldSize = start.load(as: Int.self)
        if let newest, start == block + newest {
            let end = newest + Self.header + Self.rounded(size)
            if end <= capacity, total + end - used <= RenderArena.budget {
                total += end - used
                used = end
                start.storeBytes(of: size, as: Int.self)
                return pointer
            }
        }
        if size <= oldSize {
            start.storeBytes(of: size, as: Int.self)
            return pointer
        }
        let moved = allocate(size)
        moved.copyMemory(from: pointer, byteCount: oldSize)
        return moved
    }

    /// System allocations are freed; in a block only the newest allocation gives its bytes back
    /// (a temporary buffer), the rest wait for reset.
    mutating func release(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        if Self.kind(of: pointer) == Self.fromSystem {
            let start = pointer - Self.systemHeader
            unlink(start)
            systemFree(start)
            return
        }
        guard let newest, pointer - Self.header == block + newest else { return }
        total -= used - newest
        used = newest
        self.newest = nil
    }

    /// Back to an empty kept block; a body that needed more than it leaves a larger one.
    mutating func reset() {
        freeSystemAllocations()
        for block in extra { systemFree(block) }
        extra.removeAll(keepingCapacity: true)
        if total > keptCapacity, total <= RenderArena.largestKeptBlock {
            systemFree(kept)
            keptCapacity = 1 << (Int.bitWidth - (total - 1).leadingZeroBitCount)
            kept = Self.allocateBlock(keptCapacity)
        }
        block = kept
        capacity = keptCapacity
        used = 0
        newest = nil
        total = 0
        isActive = false
    }

    mutating func releaseAll() {
        freeSystemAllocations()
        for block in extra { systemFree(block) }
        extra.removeAll()
        systemFree(kept)
    }

    // MARK: Allocations past the budget

    private static func kind(of pointer: UnsafeMutableRawPointer) -> Int {
        (pointer - 8).load(as: Int.self)
    }

    private mutating func allocateFromSystem(_ size: Int) -> UnsafeMutableRawPointer {
        let bytes = Self.systemHeader + size
        guard let start = systemMalloc(bytes) else { RenderArena.outOfMemory(bytes) }
        link(start)
        start.storeBytes(of: size, toByteOffset: 16, as: Int.self)
        start.storeBytes(of: Self.fromSystem, toByteOffset: 24, as: Int.self)
        return start + Self.systemHeader
    }

    private mutating func reallocateFromSystem(_ pointer: UnsafeMutableRawPointer, _ size: Int)
        -> UnsafeMutableRawPointer
    {
        let start = pointer - Self.systemHeader
        unlink(start)
        guard let moved = systemRealloc(start, Self.systemHeader + size) else {
            link(start)
            RenderArena.outOfMemory(size)
        }
        link(moved)
        moved.storeBytes(of: size, toByteOffset: 16, as: Int.self)
        return moved + Self.systemHeader
    }

    /// Puts a system allocation at the head of the list (links at offsets 0 and 8 of its start).
    private mutating func link(_ start: UnsafeMutableRawPointer) {
        start.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        start.storeBytes(of: systemList, toByteOffset: 8, as: UnsafeMutableRawPointer?.self)
        systemList?.storeBytes(of: start, as: UnsafeMutableRawPointer?.self)
        systemList = start
    }

    private mutating func unlink(_ start: UnsafeMutableRawPointer) {
        let previous = start.load(as: UnsafeMutableRawPointer?.self)
        let next = start.load(fromByteOffset: 8, as: UnsafeMutableRawPointer?.self)
        if let previous {
            previous.storeBytes(of: next, toByteOffset: 8, as: UnsafeMutableRawPointer?.self)
        } else {
            systemList = next
        }
        next?.storeBytes(of: previous, as: UnsafeMutableRawPointer?.self)
    }

    private mutating func freeSystemAllocations() {
        while let start = systemList {
            systemList = start.load(fromByteOffset: 8, as: UnsafeMutableRawPointer?.self)
            systemFree(start)
        }
    }
}

// The system allocator under names that `RenderArena`'s own `free` does not shadow.
private func systemMalloc(_ bytes: Int) -> UnsafeMutableRawPointer? { malloc(bytes) }
private func systemFree(_ pointer: UnsafeMutableRawPointer) { free(pointer) }
private func systemRealloc(_ pointer: UnsafeMutableRawPointer, _ bytes: Int) -> UnsafeMutableRawPointer? {
    realloc(pointer, bytes)
}
