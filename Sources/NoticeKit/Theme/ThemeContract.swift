/// What the built-in theme's templates rely on that a site's own version of one does not: the
/// names and partials the built-in template uses. A site that copied a template from an older
/// release misses what the theme has gained since; `notices check` warns about it.
enum ThemeContract {
    /// Names listed one by one per template; the rest are counted.
    static let listedNames = 6

    /// One warning per site template that differs from the built-in one of the same path and does
    /// not use everything the built-in one uses.
    static func warnings(for templates: [SourceFile]) -> [Diagnostic] {
        templates.compactMap { file in
            guard let builtIn = BuiltInTheme.files[file.path], builtIn != file.bytes,
                  case .success(let text) = file.decodedText() else { return nil }
            let name = String(file.path.dropFirst("templates/".count).dropLast(".mustache".count))
            guard let own = try? CompiledTemplate(name: name, text: text),
                  let reference = try? CompiledTemplate(name: name, text: String(decoding: builtIn, as: UTF8.self)) else { return nil }
            let ownNames = Set(own.referencedNames), ownPartials = Set(own.partialNames)
            var missing: [String] = []
            for partial in reference.partialNames where !ownPartials.contains(partial) && !missing.contains("{{> \(partial)}}") {
                missing.append("{{> \(partial)}}")
            }
            for used in reference.referencedNames where !ownNames.contains(used) && !missing.contains("{{\(used)}}") {
                missing.append("{{\(used)}}")
            }
            guard !missing.isEmpty else { return nil }
            let listed = missing.prefix(listedNames).joined(separator: ", ")
            let more = missing.count > listedNames ? MessageArgument(.andMore, ["count": .number(missing.count - listedNames)]) : .empty
            return .warning(.overrideMissesContract, ["path": .text(file.path), "names": .text(listed), "more": more],
                            at: SourceLocation(path: file.path))
        }
    }
}
