import Mustache

/// The theme's Mustache templates, parsed once and checked: every template a page kind needs
/// exists, and every partial a template names exists (swift-mustache would render both as empty).
public struct TemplateSet: Sendable {
    /// Templates the generator renders directly, one per page kind, plus the frame.
    public static let required = ["layout", "home", "notice", "notices", "product", "products", "category"]

    let library: MustacheLibrary
    public let names: Set<String>
    /// Literal `id="…"` values in the templates; heading anchors in bodies must not repeat them.
    public let elementIDs: Set<String>

    init(library: MustacheLibrary, names: Set<String>, elementIDs: Set<String>) {
        self.library = library
        self.names = names
        self.elementIDs = elementIDs
    }

    /// Parses `templates/**.mustache`; a template's name is its path below `templates/` without
    /// the extension (`partials/notice-list`).
    public static func load(_ files: [SourceFile]) -> (TemplateSet?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var library = MustacheLibrary()
        var names = Set<String>()
        var texts: [(SourceFile, String, String)] = []
        let prefix = SiteLayout.templatesFolder + "/"
        for file in files {
            let name = String(file.path.dropFirst(prefix.count).dropLast(".mustache".count))
            switch file.decodedText() {
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
            case .success(let text):
                do {
                    library.register(try MustacheTemplate(string: text), named: name)
                    names.insert(name)
                    texts.append((file, name, text))
                } catch let error as MustacheTemplate.ParserError {
                    diagnostics.append(.error(message(for: error.error), at: SourceLocation(path: file.path, line: error.context.lineNumber, column: error.context.columnNumber + 1)))
                } catch {
                    diagnostics.append(.error("template could not be parsed: \(error)", at: SourceLocation(path: file.path)))
                }
            }
        }
        for name in required where !names.contains(name) && !diagnostics.contains(where: { $0.location.path == prefix + name + ".mustache" }) {
            diagnostics.append(.error("missing template '\(name)': create \(prefix)\(name).mustache", at: SourceLocation(path: prefix + name + ".mustache")))
        }
        for (file, _, text) in texts {
            for reference in partialReferences(in: text) where !names.contains(reference.name) {
                diagnostics.append(.error("partial '\(reference.name)' does not exist\(Suggestions.didYouMean(reference.name, in: names.sorted())); create \(prefix)\(reference.name).mustache",
                                          at: SourceLocation(path: file.path, line: reference.line, column: reference.column)))
            }
        }
        let elementIDs = Set(texts.flatMap { literalElementIDs(in: $0.2) })
        return (diagnostics.isEmpty ? TemplateSet(library: library, names: names, elementIDs: elementIDs) : nil, diagnostics)
    }

    /// Renders a template; nil only if it does not exist (prevented by `load`).
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    private static func message(for error: any Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: "section closed with a different name than it was opened with"
        case MustacheTemplate.Error.unfinishedName: "tag is not closed with '}}'"
        case MustacheTemplate.Error.expectedSectionEnd: "section is never closed (add {{/name}})"
        case MustacheTemplate.Error.invalidSetDelimiter: "malformed set-delimiter tag"
        default: "template syntax error: \(error)"
        }
    }

    /// Values of `id="…"` attributes written literally (no `{{` inside).
    static func literalElementIDs(in text: String) -> [String] {
        text.split(separator: "id=\"").dropFirst().compactMap { rest in
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let value = rest[..<end]
            return value.isEmpty || value.contains("{") ? nil : String(value)
        }
    }

    /// `{{> name}}` and `{{< name}}` tags with their positions (default delimiters only).
    static func partialReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var result: [(String, Int, Int)] = []
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let afterOpen = rest[open.upperBound...]
                guard let marker = afterOpen.first, marker == ">" || marker == "<",
                      let close = afterOpen.range(of: "}}") else {
                    rest = afterOpen
                    continue
                }
                let name = afterOpen[afterOpen.index(after: afterOpen.startIndex)..<close.lowerBound].trimmingWhitespace
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                if !name.isEmpty, !name.hasPrefix("*") { result.append((name, lineIndex + 1, column)) }
                rest = afterOpen[close.upperBound...]
            }
        }
        return result
    }
}
