/// Resolves the links editors write between notices, to products and to files next to a notice:
///
/// - `../2016/mail-hotmail.md#abhilfe` (a notice's source file, relative to the linking notice)
///   becomes that notice's page URL; the notice must exist and be published by this build, and
///   the fragment must name one of its headings (checked once every notice is rendered).
/// - `produkt:drkcms-v7` becomes the product's index page; the id must be in the catalog.
/// - `#abhilfe` must name a heading of the notice itself.
/// - `bild.png`, `unterlagen/anleitung.pdf` (relative, not `.md`) must be a file in the notice's
///   folder or below it; it is copied next to the notice's page, so the link works unchanged.
/// - Anything with a scheme (`https:`, `mailto:`) or starting with `/` is left alone.
struct NoticeLinker: Sendable {
    struct Target: Sendable {
        var url: String
        var published: Bool
    }

    /// A fragment to check against another notice's headings once all are rendered.
    struct AnchorCheck: Sendable, Hashable {
        var targetSource: String
        var fragment: String
        var location: SourceLocation
    }

    static let productScheme = "produkt:"

    /// Notice source path -> page URL (site-relative) and whether this build publishes it; nil
    /// while not every notice is read, when a link to a notice reports `needsNotices` instead.
    let notices: [String: Target]?
    let attachments: Set<String>
    let catalog: Catalog
    let paths: SitePaths

    struct Outcome {
        var replacement: String?
        var problem: Diagnostic?
        var anchor: AnchorCheck?
        var attachment: Notice.Attachment?
        /// The link names a notice and `notices` is not known yet.
        var needsNotices = false
    }

    func resolve(_ link: MarkdownLink, from source: String, pageURL: String, at location: SourceLocation) -> Outcome {
        let url = link.url
        if url.isEmpty || url.hasPrefix("/") { return Outcome() }
        if url.hasPrefix("#") {
            return Outcome(
                anchor: AnchorCheck(targetSource: source, fragment: String(url.dropFirst()), location: location))
        }
        if url.lowercased().hasPrefix(Self.productScheme) {
            let id = String(url.dropFirst(Self.productScheme.count))
            guard catalog.index(of: id) != nil else {
                return Outcome(
                    problem: .error(
                        .linkUnknownProduct, ["id": .text(id), "hint": Suggestions.hint(forProduct: id, in: catalog)],
                        at: location))
            }
            return Outcome(replacement: paths.root(from: pageURL) + paths.product(id))
        }
        if hasScheme(url) { return Outcome() }

        let (pathPart, fragment) = splitFragment(url)
        let folder = String(source[..<(source.lastIndex(of: "/") ?? source.startIndex)])
        guard let resolved = normalize(folder + "/" + (pathPart.removingPercentEncodingSafely ?? pathPart)) else {
            return Outcome(problem: .error(.linkOutsideSite, ["url": .text(url)], at: location))
        }
        if pathPart.hasSuffix(".md") {
            guard let notices else { return Outcome(needsNotices: true) }
            guard let target = notices[resolved] else {
                let near = Suggestions.nearest(to: resolved, in: notices.keys.sorted(), limit: 1)
                return Outcome(
                    problem: .error(
                        .linkUnknownNotice,
                        [
                            "path": .text(resolved),
                            "hint": near.isEmpty ? .empty : MessageArgument(.didYouMean, ["choices": .choices(near)]),
                        ], at: location))
            }
            guard target.published else {
                return Outcome(problem: .error(.linkUnpublishedNotice, ["path": .text(resolved)], at: location))
            }
            let anchor = fragment.map { AnchorCheck(targetSource: resolved, fragment: $0, location: location) }
            return Outcome(
                replacement: paths.root(from: pageURL) + target.url + (fragment.map { "#" + $0 } ?? ""), anchor: anchor)
        }
        // A file next to the notice: it must stay in the notice's folder so the relative link
        // still works from the notice's page, where the file is copied.
        guard attachments.contains(resolved) else {
            return Outcome(
                problem: .error(
                    link.isImage ? .imageMissingFile : .linkMissingFile, ["url": .text(url), "path": .text(resolved)],
                    at: location))
        }
        guard resolved.hasPrefix(folder + "/"), !pathPart.hasPrefix("../") else {
            return Outcome(problem: .error(.fileOutsideFolder, ["url": .text(url)], at: location))
        }
        if let kind = ActiveAttachment.kind(of: resolved) {
            return Outcome(problem: .error(.activeAttachment, ["url": .text(url), "kind": .text(kind)], at: location))
        }
        let relative = String(resolved.dropFirst(folder.count + 1))
        return Outcome(attachment: Notice.Attachment(source: resolved, output: pageURL + relative))
    }

    private func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        return !scheme.isEmpty && !scheme.contains("/")
            && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    private func splitFragment(_ url: String) -> (String, String?) {
        var path = url
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        guard let hash = url.firstIndex(of: "#") else { return (path, nil) }
        return (
            String(url[..<hash]).split(separator: "?").first.map(String.init) ?? "",
            String(url[url.index(after: hash)...])
        )
    }

    /// `content/notices/2016/../2015/a.md` -> `content/notices/2015/a.md`; nil when it leaves the root.
    private func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                guard parts.popLast() != nil else { return nil }
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}

private extension String {
    /// `%20` -> space; nil for malformed escapes.
    var removingPercentEncodingSafely: String? {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
