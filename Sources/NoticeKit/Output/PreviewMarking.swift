/// A preview build (`notices build --preview`, for pull requests): drafts and scheduled notices
/// are in it and marked by the theme; no search engine may index it, whatever the theme's
/// templates say: every HTML page gets `<meta name="robots" content="noindex, nofollow">` and
/// robots.txt disallows everything.
enum PreviewMarking {
    static let meta = Array("<meta name=\"robots\" content=\"noindex, nofollow\">".utf8)
    static let robots = "User-agent: *\nDisallow: /\n"

    static func apply(_ file: OutputFile) -> OutputFile {
        if file.path == "robots.txt" { return OutputFile(path: file.path, text: robots) }
        guard file.path.hasSuffix(".html") else { return file }
        return OutputFile(path: file.path, bytes: inserted(into: file.bytes))
    }

    /// `meta` right after the opening `<head…>` tag (any case), else at the very start.
    static func inserted(into html: [UInt8]) -> [UInt8] {
        let head = Array("<head".utf8)
        var index = 0
        while index + head.count <= html.count {
            if html[index] == UInt8(ascii: "<"),
                zip(head, html[index..<(index + head.count)]).allSatisfy({ $0 == ($1 | 0x20) || $0 == $1 }),
                let close = html[(index + head.count)...].firstIndex(of: UInt8(ascii: ">"))
            {
                return Array(html[...close]) + meta + Array(html[(close + 1)...])
            }
            index += 1
        }
        return meta + html
    }
}
