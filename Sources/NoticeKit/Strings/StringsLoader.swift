/// Reads the theme's strings files (`templates/strings/LANGUAGE.yml`), checks them against each
/// other and against what the generator needs, and returns the texts of the site's language.
///
/// `de.yml` is the reference: every strings file must have exactly its keys (plus the keys the
/// generator reads), and may use only the placeholders the reference (or the generator) fills in.
/// Every file is checked on every build, so an incomplete translation shows before a site switches
/// to it: as errors in the site's language and the reference, as warnings in the others.
enum StringsLoader {
    static let referenceLanguage = "de"
    /// Most missing or unknown keys reported one by one per file; the rest are counted.
    static let keyReportLimit = MappingReader.unknownKeyLimit

    /// One text of a strings file, with where its key and its value were written.
    struct Entry {
        var key: String
        var text: String
        var keyLocation: SourceLocation
        var valueLocation: SourceLocation
    }

    /// One strings file: its entries in file order and where each group starts.
    struct File {
        var path: String
        var language: String
        var entries: [Entry]
        var groupLocations: [String: SourceLocation]
    }

    /// - Parameters:
    ///   - languageLocation: where `site.yml` sets `language`; nil when it is the default.
    static func load(
        _ files: [SourceFile], language: String, languageLocation: SourceLocation?,
        into diagnostics: inout Diagnostics
    ) -> UIStrings? {
        let start = diagnostics.mark
        let folder = SiteLayout.stringsFolder + "/"
        var parsed: [File] = []
        var problemsByFile: [String: Diagnostics] = [:]
        for file in files {
            let name = file.path.dropFirst(folder.count).dropLast(".yml".count)
            guard file.path.hasPrefix(folder), !name.contains("/") else {
                diagnostics.append(
                    .warning(.stringsFileMisplaced, ["folder": .text(folder)], at: SourceLocation(path: file.path)))
                continue
            }
            if let strings = parse(file, language: String(name), &problemsByFile[file.path, default: Diagnostics()]) {
                parsed.append(strings)
            }
        }
        // A translation in progress must not stop the site's own language from building: problems
        // in a file that is neither the site's language nor the reference are warnings.
        let inUse = Set(
            [language, String(language.split(separator: "-").first ?? ""), referenceLanguage].map {
                folder + $0 + ".yml"
            })
        func report(_ problems: Diagnostics, of path: String) {
            diagnostics.append(
                contentsOf: inUse.contains(path) ? problems.all : demoted(problems, of: path, folder: folder))
        }
        for (path, problems) in problemsByFile.sorted(by: { $0.key < $1.key }) { report(problems, of: path) }
        guard !parsed.isEmpty || diagnostics.hasReported(since: start) else {
            diagnostics.append(
                .error(
                    .noUIStrings, ["folder": .text(folder), "language": .text(language)],
                    at: SourceLocation(path: folder + language + ".yml")))
            return nil
        }
        guard
            let chosen = choose(
                language, from: parsed, languageLocation: languageLocation, folder: folder, into: &diagnostics)
        else { return nil }
        let reference = parsed.first { $0.language == referenceLanguage } ?? chosen
        for file in parsed {
            var problems = Diagnostics()
            check(file, against: reference, &problems)
            report(problems, of: file.path)
        }
        guard !diagnostics.hasErrors(since: start) else { return nil }
        return UIStrings(
            language: chosen.language, texts: chosen.entries.map { ($0.key, $0.text) },
            statusTextsByLanguage: statusTexts(parsed, reference: reference))
    }

    /// A translation's errors as warnings that name its language.
    private static func demoted(_ problems: Diagnostics, of path: String, folder: String) -> [Diagnostic] {
        let fileLanguage = String(path.dropFirst(folder.count).dropLast(".yml".count))
        return problems.all.map { problem in
            guard problem.severity == .error else { return problem }
            return .warning(
                .errorOnceLanguage, ["problem": .message(problem.text), "language": .text(fileLanguage)],
                at: problem.location)
        }
    }

    /// The file of the site's language (or its base language, `de` for `de-AT`); an error at the
    /// `language` setting, or at the missing file for the default language, when there is none.
    private static func choose(
        _ language: String, from parsed: [File], languageLocation: SourceLocation?, folder: String,
        into diagnostics: inout Diagnostics
    ) -> File? {
        let chosen =
            parsed.first { $0.language == language }
            ?? parsed.first { $0.language == language.split(separator: "-").first.map(String.init) }
        if let chosen { return chosen }
        let available = parsed.map(\.language)
        let arguments: [String: MessageArgument] = [
            "folder": .text(folder), "language": .text(language),
            "available": .text(available.joined(separator: ", ")),
        ]
        if let languageLocation {
            diagnostics.append(
                .error(
                    .noStringsForLanguage,
                    arguments.merging(["hint": Suggestions.hint(for: language, in: available)]) { $1 },
                    at: languageLocation))
        } else {
            diagnostics.append(
                .error(.noStringsForDefaultLanguage, arguments, at: SourceLocation(path: folder + language + ".yml")))
        }
        return nil
    }

    /// The `status.*` texts of every file, completed from the reference, languages sorted.
    private static func statusTexts(_ files: [File], reference: File) -> [(
        language: String, texts: [(key: String, text: String)]
    )] {
        let prefix = "status."
        let referenceTexts = reference.entries.filter { $0.key.hasPrefix(prefix) }
        return files.sorted { $0.language < $1.language }.map { file in
            let own = Dictionary(file.entries.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
            return (
                file.language,
                referenceTexts.map { entry in
                    (String(entry.key.dropFirst(prefix.count)), own[entry.key] ?? entry.text)
                }
            )
        }
    }

    /// Missing keys (errors), unknown keys (warnings) and placeholders nobody fills in (errors).
    private static func check(_ file: File, against reference: File, _ diagnostics: inout Diagnostics) {
        let referenceTexts = Dictionary(
            reference.entries.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
        let generatorPlaceholders = Dictionary(
            UIStrings.generatorKeys.map { ($0.key, $0.placeholders) }, uniquingKeysWith: { first, _ in first })
        let required =
            reference.entries.map(\.key) + UIStrings.generatorKeys.map(\.key).filter { referenceTexts[$0] == nil }
        checkMissing(file, required: required, reference: reference, referenceTexts: referenceTexts, &diagnostics)
        checkUnknown(file, required: required, reference: reference, &diagnostics)
        checkPlaceholders(
            file, reference: reference, referenceTexts: referenceTexts, generatorPlaceholders: generatorPlaceholders,
            &diagnostics)
    }

    private static func checkMissing(
        _ file: File, required: [String], reference: File, referenceTexts: [String: String],
        _ diagnostics: inout Diagnostics
    ) {
        let present = Set(file.entries.map(\.key))
        let missing = required.filter { !present.contains($0) }
        for key in missing.prefix(keyReportLimit) {
            let group = key.split(separator: ".").first.map(String.init) ?? key
            let at = file.groupLocations[group] ?? SourceLocation(path: file.path)
            if let text = referenceTexts[key] {
                let source =
                    file.path == reference.path
                    ? MessageArgument.empty
                    : MessageArgument(.referenceHasIt, ["path": .text(reference.path), "text": .text(text)])
                diagnostics.append(.error(.missingStringsKey, ["key": .text(key), "source": source], at: at))
            } else {
                diagnostics.append(.error(.missingGeneratorKey, ["key": .text(key)], at: at))
            }
        }
        if missing.count > keyReportLimit {
            diagnostics.append(
                .error(
                    .moreMissingKeys, ["count": .number(missing.count - keyReportLimit)],
                    at: SourceLocation(path: file.path)))
        }
    }

    private static func checkUnknown(
        _ file: File, required: [String], reference: File, _ diagnostics: inout Diagnostics
    ) {
        let requiredSet = Set(required)
        let unknown = file.entries.filter { !requiredSet.contains($0.key) }
        for entry in unknown.prefix(keyReportLimit) {
            diagnostics.append(
                .warning(
                    .unknownStringsKey,
                    [
                        "key": .text(entry.key), "hint": hint(forKey: entry.key, in: required),
                        "reference": .text(reference.path),
                    ], at: entry.keyLocation))
        }
        if unknown.count > keyReportLimit, let next = unknown.dropFirst(keyReportLimit).first {
            diagnostics.append(
                .warning(
                    .moreUnknownStringsKeys, ["count": .number(unknown.count - keyReportLimit)], at: next.keyLocation))
        }
    }

    /// Placeholders nobody fills in: the generator's own keys take fixed names, others the reference's.
    private static func checkPlaceholders(
        _ file: File, reference: File, referenceTexts: [String: String], generatorPlaceholders: [String: [String]],
        _ diagnostics: inout Diagnostics
    ) {
        for entry in file.entries {
            let allowed: [String]
            if let filled = generatorPlaceholders[entry.key] {
                allowed = filled
            } else if file.path != reference.path, let text = referenceTexts[entry.key] {
                allowed = TextPattern(text).placeholders
            } else {
                continue  // the reference defines the theme's own placeholders
            }
            for name in TextPattern(entry.text).placeholders where !allowed.contains(name) {
                let takes =
                    allowed.isEmpty
                    ? MessageArgument(.takesNone)
                    : MessageArgument(.takes, ["names": .text(allowed.map { "{\($0)}" }.joined(separator: ", "))])
                diagnostics.append(
                    .error(
                        .notAPlaceholder,
                        [
                            "name": .text(name), "key": .text(entry.key),
                            "hint": Suggestions.hint(for: name, in: allowed), "takes": takes,
                        ],
                        at: entry.valueLocation))
            }
        }
    }

    /// A strings file as entries: a mapping of texts, or of groups of texts (one level).
    private static func parse(_ source: SourceFile, language: String, _ diagnostics: inout Diagnostics) -> File? {
        var file = File(path: source.path, language: language, entries: [], groupLocations: [:])
        switch YAMLParser.parse(source, into: &diagnostics) {
        case nil: return nil
        case .empty?: return file
        case .value(let value)?:
            let reader = MappingReader(value, context: MessageArgument(.contextStringsFile), into: &diagnostics)
            for entry in reader.entries where isKey(entry.key, &diagnostics, at: entry.keyLocation) {
                guard case .map = entry.value else {
                    if let text = text(entry, prefix: "", reader, &diagnostics) { file.entries.append(text) }
                    continue
                }
                file.groupLocations[entry.key] = entry.keyLocation
                file.entries += group(entry, &diagnostics)
            }
            return file
        }
    }

    /// The texts of one group (`search:` with `label:` and `scope:` below it); groups do not nest.
    private static func group(_ entry: YAMLEntry, _ diagnostics: inout Diagnostics) -> [Entry] {
        let group = MappingReader(
            entry.value, context: MessageArgument(.contextStringsGroup, ["group": .text(entry.key)]), into: &diagnostics
        )
        var entries: [Entry] = []
        for inner in group.entries where isKey(inner.key, &diagnostics, at: inner.keyLocation) {
            if case .map = inner.value {
                diagnostics.error(.nestedGroup, ["key": .text(entry.key + "." + inner.key)], at: inner.value.location)
            } else if let text = text(inner, prefix: entry.key + ".", group, &diagnostics) {
                entries.append(text)
            }
        }
        return entries
    }

    /// The entry's text; a number or `yes` must be quoted, an empty value must be `""`.
    private static func text(
        _ entry: YAMLEntry, prefix: String, _ reader: MappingReader, _ diagnostics: inout Diagnostics
    ) -> Entry? {
        guard let (text, location) = reader.string(entry.key, required: true, allowEmpty: true, into: &diagnostics)
        else { return nil }
        return Entry(key: prefix + entry.key, text: text, keyLocation: entry.keyLocation, valueLocation: location)
    }

    /// " (did you mean 'search.label'?)": a misspelt key is compared with the keys of its own
    /// group first (`search.lable` is nearer `search.label` than `search.scope` only by its last part).
    static func hint(forKey key: String, in keys: [String]) -> MessageArgument {
        guard let dot = key.firstIndex(of: ".") else { return Suggestions.hint(for: key, in: keys) }
        let group = key[...dot]
        let siblings = keys.filter { $0.hasPrefix(group) }.map { String($0.dropFirst(group.count)) }
        let near = Suggestions.nearest(to: String(key[key.index(after: dot)...]), in: siblings)
        guard !near.isEmpty else { return Suggestions.hint(for: key, in: keys) }
        return MessageArgument(.didYouMean, ["choices": .choices(near.map { group + $0 })])
    }

    private static func isKey(_ key: String, _ diagnostics: inout Diagnostics, at location: SourceLocation) -> Bool {
        if TextPattern.isName(key[...]) { return true }
        diagnostics.append(.error(.badStringsKey, ["key": .text(key)], at: location))
        return false
    }
}
