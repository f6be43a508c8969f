import Testing

@testable import NoticeKit

/// The allocator cmark-gfm uses while a body renders: it must behave like calloc/realloc/free
/// for every pattern the library uses, and give everything back at the end.
@Suite struct RenderArenaTests {
    /// Runs `body` between `begin` and `end` on this thread's arena.
    private func inArena(_ body: () -> Void, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let began = RenderArena.begin()
        #expect(began, "the arena was in use already", sourceLocation: sourceLocation)
        defer { if began { RenderArena.end() } }
        body()
    }

    @Test func callocIsZeroedAndAligned() {
        inArena {
            // Dirty the block first, so zeroing after a reset is tested too.
            let dirty = RenderArena.calloc(1, 4096)!
            dirty.initializeMemory(as: UInt8.self, repeating: 0xAB, count: 4096)
            RenderArena.free(dirty)
            for size in [1, 7, 16, 33, 4096] {
                let pointer = RenderArena.calloc(size, 1)!
                #expect(Int(bitPattern: pointer) % 16 == 0)
                #expect(UnsafeRawBufferPointer(start: pointer, count: size).allSatisfy { $0 == 0 })
            }
        }
    }

    @Test func reallocKeepsTheContents() {
        inArena {
            let first = RenderArena.calloc(1, 10)!
            first.copyMemory(from: Array("0123456789".utf8), byteCount: 10)
            _ = RenderArena.calloc(1, 8)  // `first` is no longer the newest allocation: it must move
            let moved = RenderArena.realloc(first, 100_000)!
            #expect(moved != first)
            #expect(Array(UnsafeRawBufferPointer(start: moved, count: 10)) == Array("0123456789".utf8))
            moved.advanced(by: 99_999).storeBytes(of: 7, as: UInt8.self)
        }
    }

    @Test func theNewestAllocationGrowsInPlace() {
        inArena {
            let buffer = RenderArena.realloc(nil, 64)!
            buffer.storeBytes(of: 42, as: UInt8.self)
            let grown = RenderArena.realloc(buffer, 1024)!
            #expect(grown == buffer)
            #expect(grown.load(as: UInt8.self) == 42)
        }
    }

    @Test func allocationsLargerThanABlockWork() {
        inArena {
            let size = RenderArena.blockSize * 3
            let big = RenderArena.calloc(size, 1)!
            big.advanced(by: size - 1).storeBytes(of: 1, as: UInt8.self)
            let next = RenderArena.calloc(1, 16)!
            #expect(next != big)
        }
        // The next body starts from a kept block again and can allocate as before.
        inArena { #expect(RenderArena.calloc(1, 16) != nil) }
    }

    /// Past the budget, allocations come from the system allocator: they must be freed, grown
    /// and shrunk like any other, and a reset frees those the library did not.
    @Test func allocationsPastTheBudgetBehaveLikeSystemOnes() {
        inArena {
            let filler = RenderArena.calloc(1, RenderArena.budget - 64)!
            filler.storeBytes(of: 1, as: UInt8.self)
            var survivors: [UnsafeMutableRawPointer] = []
            for round in 0..<1000 {
                let pointer = RenderArena.calloc(1, 1024)!
                #expect(Int(bitPattern: pointer) % 16 == 0)
                pointer.storeBytes(of: UInt8(truncatingIfNeeded: round), as: UInt8.self)
                let grown = RenderArena.realloc(pointer, 64 * 1024)!
                #expect(grown.load(as: UInt8.self) == UInt8(truncatingIfNeeded: round))
                let shrunk = RenderArena.realloc(grown, 16)!
                #expect(shrunk.load(as: UInt8.self) == UInt8(truncatingIfNeeded: round))
                if round % 3 == 0 { survivors.append(shrunk) } else { RenderArena.free(shrunk) }
            }
            // Freed out of order, the rest left for the reset.
            for (index, pointer) in survivors.enumerated().reversed() where index % 2 == 0 { RenderArena.free(pointer) }
        }
        inArena { #expect(RenderArena.calloc(1, 16) != nil) }
    }

    @Test func aNestedBeginFallsBackToTheSystemAllocator() {
        inArena { #expect(!RenderArena.begin()) }
    }

    /// A body far larger than the arena's block (nodes, literals and a long HTML buffer) renders
    /// completely, twice in a row on the same thread.
    /// cmark-gfm 0.29.0.gfm.6 re-splits the whole paragraph into cells for every `|-|` line under
    /// it (none becomes a table: the counts differ), allocating and freeing each time; an arena
    /// that kept all of it grew to 850 MB for four times this input.
    @Test func repeatedTableDelimiterRowsRenderAsWithoutTheArena() {
        let markdown = "a|b|c\n" + String(repeating: "x|y\n|-|\n", count: 500)
        let html = MarkdownRenderer().render(markdown).html
        #expect(RenderArena.begin())
        let nested = MarkdownRenderer().render(markdown).html  // nested: the system allocator
        RenderArena.end()
        #expect(html == nested)
        #expect(html.hasPrefix("<p>a|b|c") && html.contains("|-|"))
    }

    @Test func largeBodiesRenderCompletely() {
        let renderer = MarkdownRenderer()
        let markdown = (0..<4000).map { "- Punkt \($0) mit ~~alt~~ und https://example.de/\($0)" }.joined(
            separator: "\n")
        for _ in 0..<2 {
            let html = renderer.render(markdown).html
            #expect(html.components(separatedBy: "<li>").count == 4001)
            #expect(html.contains("<del>alt</del> und <a href=\"https://example.de/3999\">"))
        }
    }
}
