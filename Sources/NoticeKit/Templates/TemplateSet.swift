import Mustache

/// The theme's Mustache templates, compiled once and checked: every template a page kind needs
/// exists, and every partial a template names exists (an unchecked engine would render both empty).
public struct TemplateSet: Sendable {
    /// Templates the generator renders directly, one per page kind, plus the frame.
    public static let required = [
        "layout", "home", "notice", "notices", "year", "product", "products", "category", "404",
    ]

    let library: TemplateLibrary
    public var names: Set<String> { Set(library.names) }
    /// Literal `id="…"` values in the templates; heading anchors in bodies must not repeat them.
    public let elementIDs: Set<String>
    /// Each template's file path and text, for locating problems found after loading.
    let sources: [String: (path: String, text: String)]

    /// Compiles `templates/**.mustache`; a template's name is its path below `templates/` without
    /// the extension (`partials/notice-list`). nil when any template is missing or broken.
    public static func load(_ files: [SourceFile], into diagnostics: inout Diagnostics) -> TemplateSet? {
        let start = diagnostics.mark
        var sources: [(name: String, text: String)] = []
        var pathByName: [String: String] = [:]
        let prefix = SiteLayout.templatesFolder + "/"
        for file in files {
            let name = String(file.path.dropFirst(prefix.count).dropLast(".mustache".count))
            guard let text = file.decodedText(into: &diagnostics) else { continue }
            sources.append((name, text))
            pathByName[name] = file.path
        }
        for name in required where pathByName[name] == nil {
            // The file does not exist: no line of it is to blame.
            let path = prefix + name + ".mustache"
            diagnostics.error(
                .missingTemplate, ["name": .text(name), "path": .text(path)], at: SourceLocation(path: path))
        }
        do {
            let library = try TemplateLibrary(templates: sources)
            guard !diagnostics.hasReported(since: start) else { return nil }
            let elementIDs = Set(sources.flatMap { literalElementIDs(in: $0.text) })
            let sourceByName = Dictionary(
                uniqueKeysWithValues: sources.map { ($0.name, (pathByName[$0.name]!, $0.text)) })
            return TemplateSet(library: library, elementIDs: elementIDs, sources: sourceByName)
        } catch {
            // The engine's own errors become diagnostics here, and nowhere else.
            diagnostics.append(
                contentsOf: error.errors.map {
                    $0.diagnostic(path: pathByName[$0.template] ?? prefix + $0.template + ".mustache")
                })
            return nil
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

    /// Names the templates use that no view model provides (they would render as nothing), as
    /// warnings at their first use. `vocabulary` holds every key of every context the templates
    /// `checking` get (by default the page templates; notify templates get change contexts); a UI
    /// text `t.GROUP.KEY` must be a key (or group) of the strings file.
    func unknownNames(
        vocabulary: Set<String>, strings: UIStrings,
        checking: (String) -> Bool = { !$0.hasPrefix("notify/") }
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let stringKeys = strings.keys.sorted()
        // `t` would "contain" every misspelt name with a t in it; suggest only real names.
        let suggestable = vocabulary.filter { $0.count > 1 }.sorted()
        for name in library.names.sorted() where checking(name) {
            guard let source = sources[name] else { continue }
            for reference in library.referencedNames(in: name) {
                let message: Message
                if reference.hasPrefix("t.") {
                    let key = String(reference.dropFirst(2))
                    guard !strings.keys.contains(key) else { continue }
                    message = Message(
                        .notAUIText,
                        [
                            "reference": .text(reference),
                            "file": .text("\(SiteLayout.stringsFolder)/\(strings.language).yml"), "key": .text(key),
                            "hint": StringsLoader.hint(forKey: key, in: stringKeys),
                        ])
                } else {
                    let parts = reference.split(separator: ".").map(String.init)
                    guard let unknown = parts.first(where: { !vocabulary.contains($0) }) else { continue }
                    message = Message(
                        .unknownTemplateName,
                        [
                            "reference": .text(reference), "unknown": .text(unknown),
                            "hint": Suggestions.hint(for: unknown, in: suggestable),
                        ])
                }
                let location = Self.position(of: reference, in: source.text).map {
                    SourceLocation(path: source.path, line: $0.line, column: $0.column)
                }
                diagnostics.append(Diagnostic(.warning, at: location ?? SourceLocation(path: source.path), message))
            }
        }
        return diagnostics
    }

    /// Line and column of the first tag naming `reference` (`{{x}}`, `{{#x}}`, `{{{x}}}`…); nil
    /// when no tag is written that way (changed delimiters).
    static func position(of reference: String, in text: String) -> (line: Int, column: Int)? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let inner = rest[open.upperBound...].drop { "{#^/&! ".contains($0) }
                if inner.hasPrefix(reference), let next = inner.dropFirst(reference.count).first,
                    next == "}" || next == " "
                {
                    return (index + 1, line.distance(from: line.startIndex, to: open.lowerBound) + 1)
                }
                rest = rest[open.upperBound...]
            }
        }
        return nil
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

extension TemplateError {
    /// The same problem as a build diagnostic for the template's file; a missing partial gets the
    /// nearest template names suggested.
    func diagnostic(path: String) -> Diagnostic {
        let location = SourceLocation(path: path, line: line, column: column)
        if let missingPartial {
            return .error(
                .missingPartial,
                ["name": .text(missingPartial), "hint": Suggestions.hint(for: missingPartial, in: knownTemplates)],
                at: location)
        }
        return .error(.templateError, ["detail": .text(message)], at: location)
    }
}
