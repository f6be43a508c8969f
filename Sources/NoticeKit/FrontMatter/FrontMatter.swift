/// A notice file split into its YAML front matter and its Markdown body, with line numbers kept.
struct FrontMatterSplit: Sendable, Equatable {
    var yaml: String
    /// Line of the file on which the YAML text starts (the line after the opening `---`).
    var yamlFirstLine: Int
    var body: String
    /// Line of the file on which the body starts.
    var bodyFirstLine: Int

    /// Splits `text` at its `---` fences. The opening fence must be the first line; the block ends
    /// at the next line that is `---` or `...` (trailing spaces allowed).
    static func split(_ text: String, path: String) -> Result<FrontMatterSplit, Diagnostic> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.first, isFence(first, closing: false) else {
            return .failure(.error("a notice must start with front matter: a line '---', then keys like 'title:', then '---'",
                                   at: SourceLocation(path: path, line: 1, column: 1)))
        }
        lines = lines.dropFirst()
        var yamlLines: [Substring] = []
        var lineNumber = 2
        while let line = lines.first {
            lines = lines.dropFirst()
            if isFence(line, closing: true) {
                return .success(FrontMatterSplit(yaml: yamlLines.joined(separator: "\n") + "\n", yamlFirstLine: 2,
                                                 body: lines.joined(separator: "\n"), bodyFirstLine: lineNumber + 1))
            }
            yamlLines.append(line)
            lineNumber += 1
        }
        return .failure(.error("front matter opened here is never closed: add a line '---' after the last key",
                               at: SourceLocation(path: path, line: 1, column: 1)))
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        var trimmed = line
        while trimmed.last == " " || trimmed.last == "\t" { trimmed = trimmed.dropLast() }
        return trimmed == "---" || (closing && trimmed == "...")
    }
}
