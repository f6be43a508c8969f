/// The theme's Mustache templates, compiled once and checked: every template a page kind needs
/// exists, and every partial a template names exists (an unchecked engine would render both empty).
public struct TemplateSet: Sendable {
    /// Templates the generator renders directly, one per page kind, plus the frame.
    public static let required = ["layout", "home", "notice", "notices", "year", "product", "products", "category", "404"]

    let library: TemplateLibrary
    public var names: Set<String> { Set(library.names) }
    /// Literal `id="…"` values in the templates; heading anchors in bodies must not repeat them.
    public let elementIDs: Set<String>

    /// Compiles `templates/**.mustache`; a template's name is its path below `templates/` without
    /// the extension (`partials/notice-list`).
    public static func load(_ files: [SourceFile]) -> (TemplateSet?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var sources: [(name: String, text: String)] = []
        var pathByName: [String: String] = [:]
        let prefix = SiteLayout.templatesFolder + "/"
        for file in files {
            let name = String(file.path.dropFirst(prefix.count).dropLast(".mustache".count))
            switch file.decodedText() {
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            case .success(let text):
                sources.append((name, text))
                pathByName[name] = file.path
            }
        }
        for name in required where pathByName[name] == nil {
            diagnostics.append(.error("missing template '\(name)': create \(prefix)\(name).mustache", at: SourceLocation(path: prefix + name + ".mustache")))
        }
        do {
            let library = try TemplateLibrary(templates: sources)
            guard diagnostics.isEmpty else { return (nil, diagnostics) }
            let elementIDs = Set(sources.flatMap { literalElementIDs(in: $0.text) })
            return (TemplateSet(library: library, elementIDs: elementIDs), diagnostics)
        } catch {
            diagnostics += error.errors.map { $0.diagnostic(path: pathByName[$0.template] ?? prefix + $0.template + ".mustache") }
            return (nil, diagnostics)
        }
    }

    func render(_ name: String, _ context: TemplateValue) -> String {
        library.render(name, context)
    }

    func renderBytes(_ name: String, _ context: TemplateValue) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * 1024)
        library.render(name, context, into: &bytes)
        return bytes
    }

    /// Values of `id="…"` attributes written literally (no `{{` inside).
    static func literalElementIDs(in text: String) -> [String] {
        text.split(separator: "id=\"").dropFirst().compactMap { rest in
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let value = rest[..<end]
            return value.isEmpty || value.contains("{") ? nil : String(value)
        }
    }
}
