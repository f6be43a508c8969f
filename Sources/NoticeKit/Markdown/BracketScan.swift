import Foundation

/// What in a body would make cmark-gfm 0.29.0.gfm.6 take quadratic time or much memory, found in
/// one pass with `strpbrk` (C speed, also in debug builds) before the body is parsed:
///
/// - Each link it closes walks the paragraph's whole stack of open brackets, and `![` openers
///   stay on it: `![[]()` repeated 50,000 times took 9.8 s. `imagePairs` is, per paragraph,
///   image openers times `]` (an upper bound of that walk).
/// - The table extension handles a row in time quadratic in its cells: a header and a line of
///   50,000 `|` took 5.1 s, 10,000 columns by 10 rows 5.0 s. `pipeSquares` sums each line's `|`
///   count squared; `pipeLines` counts lines holding `|` (200,000 one-cell rows took 271 MB).
struct BracketScan {
    private(set) var imagePairs = 0
    private(set) var worstImageOpeners = 0
    private(set) var worstClosers = 0
    private(set) var pipeSquares = 0
    private(set) var pipeLines = 0

    /// About 0.25 s of cmark-gfm's time; a real notice has a few hundred pairs at most.
    static let imagePairLimit = 20_000_000
    /// About 0.1 s: 100 columns by 2,000 rows.
    static let pipeSquareLimit = 20_000_000
    /// About 50 MB of table nodes.
    static let pipeLineLimit = 50_000

    init(_ markdown: String) {
        var images = 0, closers = 0, pipesInLine = 0
        func endLine() {
            pipeSquares += pipesInLine * pipesInLine
            if pipesInLine > 0 { pipeLines += 1 }
            pipesInLine = 0
        }
        func endParagraph() {
            if images * closers > imagePairs {
                imagePairs = images * closers
                worstImageOpeners = images
                worstClosers = closers
            }
            images = 0
            closers = 0
        }
        markdown.withCString { start in
            var cursor = start
            while let hit = strpbrk(cursor, "[]|\n") {
                switch UInt8(bitPattern: hit.pointee) {
                case UInt8(ascii: "["):
                    if hit > start, hit[-1] == CChar(UInt8(ascii: "!")) { images += 1 }
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
