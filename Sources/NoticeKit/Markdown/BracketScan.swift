import Foundation

/// What in a body would make cmark-gfm 0.29.0.gfm.6 take quadratic time or much memory, found in
/// one pass with `strpbrk` (C speed, also in debug builds) before the body is parsed. The inputs
/// that showed it, and what the limits cost, are in docs/performance.md ("Figures behind limits").
///
/// - Each link it closes walks the paragraph's whole delimiter stack back to the last inactive
///   link opener, and `![` openers and emphasis marks (`*`, `_`, `~`, processed only at the end
///   of the paragraph) stay on it. `stackWalk` is, per paragraph, image openers plus emphasis
///   marks, times `]` (an upper bound of that walk).
/// - The table extension handles a row in time quadratic in its cells, and keeps nodes for every
///   row. `pipeSquares` sums each line's `|` count squared; `pipeLines` counts lines holding `|`.
struct BracketScan {
    private(set) var stackWalk = 0
    private(set) var worstOpeners = 0
    private(set) var worstClosers = 0
    private(set) var pipeSquares = 0
    private(set) var pipeLines = 0

    /// A fraction of a second of cmark-gfm's time; a real notice has a few hundred pairs at most.
    static let stackWalkLimit = 20_000_000
    /// A fraction of a second: 100 columns by 2,000 rows is still a table.
    static let pipeSquareLimit = 20_000_000
    /// Keeps a body's table nodes to tens of megabytes.
    static let pipeLineLimit = 50_000

    init(_ markdown: String) {
        var openers = 0
        var closers = 0
        var pipesInLine = 0
        func endLine() {
            pipeSquares += pipesInLine * pipesInLine
            if pipesInLine > 0 { pipeLines += 1 }
            pipesInLine = 0
        }
        func endParagraph() {
            if openers * closers > stackWalk {
                stackWalk = openers * closers
                worstOpeners = openers
                worstClosers = closers
            }
            openers = 0
            closers = 0
        }
        markdown.withCString { start in
            var cursor = start
            while let hit = strpbrk(cursor, "[]|\n*_~") {
                switch UInt8(bitPattern: hit.pointee) {
                case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                    openers += 1
                case UInt8(ascii: "["):
                    if hit > start, hit[-1] == CChar(UInt8(ascii: "!")) { openers += 1 }
                case UInt8(ascii: "]"):
                    closers += 1
                case UInt8(ascii: "|"):
                    pipesInLine += 1
                default:
                    endLine()
                    var next = UnsafePointer(hit) + 1
                    while next.pointee == 0x20 || next.pointee == 0x09 || next.pointee == 0x0D { next += 1 }
                    if next.pointee == 0x0A || next.pointee == 0 { endParagraph() }
                }
                cursor = UnsafePointer(hit) + 1
            }
        }
        endLine()
        endParagraph()
    }
}
