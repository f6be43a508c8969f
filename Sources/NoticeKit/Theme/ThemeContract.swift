import Mustache

/// What the built-in theme's templates rely on that a site's own version of one does not: the
/// names and partials the built-in template uses. A site that copied a template from an older
/// release misses what the theme has gained since; `notices check` warns about it.
enum ThemeContract {
    /// Names listed one by one per template; the rest are counted.
    static let listedNames = 6

    /// One warning per site template that differs from the built-in one of the same path and does
    /// not use everything the built-in one uses.
    static func warnings(for templates: [SourceFile]) -> [Diagnostic] {
        let prefix = SiteLayout.templatesFolder + "/"
        func name(_ path: String) -> String { String(path.dropFirst(prefix.count).dropLast(".mustache".count)) }
        func library(_ files: [SourceFile]) -> TemplateLibrary? {
            var ignored = Diagnostics()  // a template that is not text is reported by the build
            let sources = files.compactMap { file -> (name: String, text: String)? in
                file.decodedText(into: &ignored).map { (name(file.path), $0) }
            }
            return try? TemplateLibrary(templates: sources)
        }
        let overrides = templates.filter { file in BuiltInTheme.files[file.path].map { $0 != file.bytes } ?? false }
        // A theme that does not load is reported by the build itself.
        guard !overrides.isEmpty, let own = library(templates),
            let reference = library(BuiltInTheme.sourceFiles.filter { $0.path.hasSuffix(".mustache") })
        else { return [] }
        return overrides.compactMap { file -> Diagnostic? in
            let template = name(file.path)
            let ownNames = Set(own.referencedNames(in: template))
            let ownPartials = Set(own.referencedPartials(in: template))
            var missing: [String] = []
            for partial in reference.referencedPartials(in: template) where !ownPartials.contains(partial) {
                missing.append("{{> \(partial)}}")
            }
            for used in reference.referencedNames(in: template)
            where !ownNames.contains(used) && !missing.contains("{{\(used)}}") {
                missing.append("{{\(used)}}")
            }
            guard !missing.isEmpty else { return nil }
            let listed = missing.prefix(listedNames).joined(separator: ", ")
            let more =
                missing.count > listedNames
                ? MessageArgument(.andMore, ["count": .number(missing.count - listedNames)]) : .empty
            return .warning(
                .overrideMissesContract, ["path": .text(file.path), "names": .text(listed), "more": more],
                at: SourceLocation(path: file.path))
        }
    }
}
