/// A notice file split into its YAML front matter and its Markdown body, with line numbers kept.
struct FrontMatterSplit: Sendable, Equatable {
    var yaml: String
    /// Line of the file on which the YAML text starts (the line after the opening `---`).
    var yamlFirstLine: Int
    var body: String
    /// Line of the file on which the body starts.
    var bodyFirstLine: Int

    /// Splits `text` at its `---` fences. The opening fence must be the first line; the block ends
    /// at the next line that is `---` or `...` (trailing spaces allowed). nil (the problem
    /// reported at the first line, where the fence is or should be) when there is no such block.
    static func split(_ text: String, path: String, into diagnostics: inout Diagnostics) -> FrontMatterSplit? {
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var lineNumber = 1
        var yamlStart: String.Index?
        // Walks line by line only until the closing fence; the body is never split.
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            let line = text[lineStart..<lineEnd]
            let next = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
            if let yamlStart {
                if isFence(line, closing: true) {
                    return FrontMatterSplit(
                        yaml: String(text[yamlStart..<lineStart]), yamlFirstLine: 2,
                        body: String(text[next...]), bodyFirstLine: lineNumber + 1)
                }
            } else {
                guard isFence(line, closing: false) else {
                    diagnostics.error(.noFrontMatter, at: SourceLocation(path: path, line: 1, column: 1))
                    return nil
                }
                yamlStart = next
            }
            lineStart = next
            lineNumber += 1
        }
        diagnostics.error(
            yamlStart == nil ? .noFrontMatter : .frontMatterNotClosed,
            at: SourceLocation(path: path, line: 1, column: 1))
        return nil
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        var trimmed = line
        while trimmed.last == " " || trimmed.last == "\t" { trimmed = trimmed.dropLast() }
        return trimmed == "---" || (closing && trimmed == "...")
    }
}
