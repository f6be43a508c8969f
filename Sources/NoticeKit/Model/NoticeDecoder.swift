import Foundation

/// Turns one notice file into a `Notice`: front matter checked key by key, body rendered.
struct NoticeDecoder: Sendable {
    var settings: SiteSettings
    var catalog: Catalog
    var renderer: MarkdownRenderer
    /// Without `publish_at`, the notice's `date` is when it is published (see `BuildTime.schedulesByDate`).
    var schedulesByDate = false

    static let allowedKeys =
        ["title", "date", "category", "products", "summary", "slug", "aliases"] + LifecycleDecoder.keys + ["impact"]
    /// Largest body: 500 times a typical notice. Memory while rendering grows with the number of
    /// Markdown blocks, so a body without a bound could take the build's memory (the figures:
    /// docs/performance.md, "Figures behind limits in the code").
    static let bodyLimit = 2 * 1_048_576

    /// - Parameter rendersHTML: false decodes for diagnostics only (`notices check`): bodies get
    ///   no HTML.
    init(
        settings: SiteSettings, catalog: Catalog, reservedAnchors: Set<String> = [], rendersHTML: Bool = true,
        schedulesByDate: Bool = false
    ) {
        self.settings = settings
        self.schedulesByDate = schedulesByDate
        self.catalog = catalog
        renderer = MarkdownRenderer(
            allowRawHTML: settings.allowRawHTML, reservedAnchors: reservedAnchors,
            language: settings.language)
        renderer.rendersHTML = rendersHTML
    }

    /// A notice whose front matter is decoded and whose body is not yet rendered: enough to know
    /// every notice's URL before any body links to another.
    struct Head: Sendable {
        var path: String
        var id: String
        var slug: String
        var title: String
        var date: NoticeDate
        var category: String
        var products: [String]
        var summary: String?
        /// Where title, summary and status are written, for warnings about them.
        var titleLocation: SourceLocation
        var summaryLocation: SourceLocation?
        var statusLocation: SourceLocation?
        var lifecycle: Lifecycle
        var aliases: [Notice.Alias]
        var body: String
        var bodyFirstLine: Int
    }

    /// A notice without resolving links between notices (for `notices new` and tests).
    func decode(_ file: SourceFile, into diagnostics: inout Diagnostics) -> Notice? {
        decodeHead(file, into: &diagnostics).map { finish($0, linker: nil, into: &diagnostics) }
    }

    /// Front matter and the body's text; nil when an error prevents a notice.
    func decodeHead(_ file: SourceFile, into diagnostics: inout Diagnostics) -> Head? {
        let start = SourceLocation(path: file.path, line: 1, column: 1)
        guard
            let split = file.decodedText(into: &diagnostics).flatMap({
                FrontMatterSplit.split($0, path: file.path, into: &diagnostics)
            }),
            let document = YAMLParser.parse(
                split.yaml, path: file.path, firstLine: split.yamlFirstLine, into: &diagnostics)
        else { return nil }
        guard case .value(let yaml) = document else {
            diagnostics.error(.frontMatterEmpty, at: start)
            return nil
        }
        var problems = Diagnostics()
        let reader = MappingReader(yaml, context: MessageArgument(.contextFrontMatter), into: &problems)
        guard problems.isEmpty else {
            diagnostics.append(contentsOf: problems)
            return nil
        }
        let head = decodeFields(reader, file: file, split: split, into: &problems)
        if head == nil && problems.isEmpty { problems.error(.noticeUnreadable, at: start) }
        diagnostics.append(contentsOf: problems)
        return head
    }

    /// The front matter's keys; nil when any is an error.
    private func decodeFields(
        _ reader: MappingReader, file: SourceFile, split: FrontMatterSplit,
        into diagnostics: inout Diagnostics
    ) -> Head? {
        reader.rejectUnknownKeys(allowed: Self.allowedKeys, into: &diagnostics)
        let titleEntry = reader.string("title", required: true, into: &diagnostics)
        let title = titleEntry?.0.trimmingWhitespace
        let summaryLocation = reader["summary"]?.value.location
        let statusLocation = reader["status"]?.value.location
        let date = decodeDate(reader, &diagnostics)
        let category = decodeCategory(reader, &diagnostics)
        let products = decodeProducts(reader, &diagnostics)
        let summary = reader.string("summary", required: false, into: &diagnostics)?.0.trimmingWhitespace
        let slug = decodeSlug(reader, path: file.path, &diagnostics)
        var lifecycle = LifecycleDecoder(timeZone: settings.timeZone, catalog: catalog, renderer: renderer).decode(
            reader, into: &diagnostics)
        lifecycle.impact = decodeImpact(reader, category: category, &diagnostics)
        // A notice dated in the future is scheduled for its date (`BuildTime.schedulesByDate`).
        if schedulesByDate, lifecycle.publishAt == nil { lifecycle.publishAt = date }
        let aliases = decodeAliases(reader, &diagnostics)
        if split.body.utf8.count > Self.bodyLimit {
            let megabytes = String(format: "%.1f", Double(split.body.utf8.count) / 1_048_576)
            diagnostics.error(
                .bodyTooLarge, ["size": .text(megabytes), "limit": .number(Self.bodyLimit / 1_048_576)],
                at: SourceLocation(path: file.path, line: split.bodyFirstLine, column: 1))
        }
        guard let title, let date, let category, let products, let slug, !diagnostics.hasErrors else { return nil }
        return Head(
            path: file.path, id: "\(date.year)/\(slug)", slug: slug, title: title, date: date, category: category,
            products: products, summary: summary,
            titleLocation: titleEntry?.1 ?? SourceLocation(path: file.path, line: 1, column: 1),
            summaryLocation: summaryLocation, statusLocation: statusLocation, lifecycle: lifecycle, aliases: aliases,
            body: split.body, bodyFirstLine: split.bodyFirstLine)
    }

    /// Renders the body, resolving links with `linker` (nil: links are left as written).
    func finish(_ head: Head, linker: NoticeLinker?, into diagnostics: inout Diagnostics) -> Notice {
        render(head, linker: linker, into: &diagnostics).notice
    }

    /// Like `finish(_:linker:into:)`, or nil (nothing reported) when a link names another notice,
    /// which a linker made before every notice is read cannot resolve.
    func finishIfLinksAreLocal(_ head: Head, linker: NoticeLinker, into diagnostics: inout Diagnostics) -> Notice? {
        var problems = Diagnostics()
        let (notice, needsNotices) = render(head, linker: linker, into: &problems)
        guard !needsNotices else { return nil }
        diagnostics.append(contentsOf: problems)
        return notice
    }

    private func render(_ head: Head, linker: NoticeLinker?, into diagnostics: inout Diagnostics) -> (
        notice: Notice, needsNotices: Bool
    ) {
        var needsNotices = false
        // The renderer keeps the closure, and an inout sink cannot be captured by one.
        var linkProblems: [Diagnostic] = []
        var attachments: [Notice.Attachment] = []
        var anchors: [NoticeLinker.AnchorCheck] = []
        let pageURL = SitePaths(settings: settings).notice(id: head.id)
        // Paragraph text is only needed for a summary the front matter does not give.
        let paragraphs: ParagraphText =
            head.summary == nil ? .untilOneHas(characters: Summary.minimumParagraphLength) : .none
        var body = renderer.render(head.body, paragraphs: paragraphs) { link in
            guard let linker else { return nil }
            // Lines inside the body count from the top of the file; columns are the body's own.
            let location = SourceLocation(
                path: head.path, line: head.bodyFirstLine + link.line - 1, column: link.column)
            let outcome = linker.resolve(link, from: head.path, pageURL: pageURL, at: location)
            if outcome.needsNotices { needsNotices = true }
            if let problem = outcome.problem { linkProblems.append(problem) }
            if let anchor = outcome.anchor { anchors.append(anchor) }
            if let attachment = outcome.attachment, !attachments.contains(attachment) { attachments.append(attachment) }
            return outcome.replacement
        }
        diagnostics.append(contentsOf: linkProblems)
        let derivedSummary =
            head.summary ?? Summary.derive(from: body.paragraphs, maximumLength: settings.summaryLength)
        diagnostics.append(contentsOf: EditorialWarnings(settings: settings).check(head, headings: body.headings))
        if let refusal = body.refusal {
            diagnostics.append(
                .error(
                    .bodyRefused, ["detail": .text(refusal)],
                    at: SourceLocation(path: head.path, line: head.bodyFirstLine, column: 1)))
        }
        if body.tablesLeftOut {
            diagnostics.append(
                .warning(
                    .tablesLeftOut, ["limit": .number(BracketScan.pipeLineLimit)],
                    at: SourceLocation(path: head.path, line: head.bodyFirstLine, column: 1)))
        }
        for hit in ScaffoldPlaceholders.shared.find(in: head.body) {
            diagnostics.append(
                .error(
                    .placeholderLeft, ["text": .text(hit.text)],
                    at: SourceLocation(path: head.path, line: head.bodyFirstLine + hit.line - 1, column: hit.column)))
        }
        body.paragraphs = []  // only needed for the summary; a large site would keep its whole text twice
        let notice = Notice(
            sourcePath: head.path, id: head.id, slug: head.slug, title: head.title, date: head.date,
            category: head.category, products: head.products, summary: derivedSummary, body: body,
            reach: catalog.reach(ofTagged: head.products), location: SourceLocation(path: head.path),
            lifecycle: head.lifecycle, aliases: head.aliases, attachments: attachments, anchorChecks: anchors)
        return (notice, needsNotices)
    }

    /// Old URLs: paths on this site by the rule of `URLPath`, so a redirect page can never be
    /// written outside the output folder, over a dot file, or into a redirect map that breaks.
    private func decodeAliases(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> [Notice.Alias] {
        guard let entries = reader.stringList("aliases", required: false, into: &diagnostics) else { return [] }
        return entries.compactMap { text, location in
            let problem = text == "/" ? Message(.urlPathHomePage) : URLPath.problem(text)
            if let problem {
                diagnostics.append(
                    .error(.badAlias, ["alias": .text(text), "problem": .message(problem)], at: location))
                return nil
            }
            return Notice.Alias(path: text, location: location)
        }
    }

    private func decodeDate(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> NoticeDate? {
        guard let (text, location) = reader.string("date", required: true, into: &diagnostics) else { return nil }
        guard let date = NoticeDate.parse(text, timeZone: settings.timeZone) else {
            diagnostics.append(
                .error(.badDate, ["found": .text(text), "hint": GermanDate.isoHint(for: text)], at: location))
            return nil
        }
        return date
    }

    private func decodeCategory(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> String? {
        let ids = settings.categories.map(\.id)
        if reader["category"] == nil {
            diagnostics.append(
                .error(.missingCategory, ["ids": .text(ids.joined(separator: ", "))], at: reader.location))
            return nil
        }
        guard let (id, location) = reader.string("category", required: true, into: &diagnostics) else { return nil }
        guard ids.contains(id) else {
            diagnostics.append(
                .error(
                    .unknownCategory,
                    [
                        "id": .text(id), "hint": Suggestions.hint(for: id, in: ids),
                        "ids": .text(ids.joined(separator: ", ")),
                    ], at: location))
            return nil
        }
        return id
    }

    /// `minor`, `major` or `critical` for disruptions and security notices (default `major`);
    /// refused on every other category, so an editor never believes a weight is shown that is not.
    private func decodeImpact(_ reader: MappingReader, category: String?, _ diagnostics: inout Diagnostics) -> Impact? {
        let takesImpact = category.map(Impact.categories.contains) ?? false
        guard let (text, location) = reader.string("impact", required: false, into: &diagnostics) else {
            return takesImpact ? Impact.defaultValue : nil
        }
        guard let impact = Impact(rawValue: text) else {
            let lower = text.trimmingWhitespace.lowercased()
            let hint =
                Impact(rawValue: lower) != nil
                ? MessageArgument(.lowerCaseValueHint, ["value": .text(lower)])
                : Suggestions.hint(for: lower, in: Impact.allCases.map(\.rawValue))
            diagnostics.append(
                .error(
                    .unknownImpact, ["impact": .text(text), "hint": hint, "choices": MessageArgument(.impactChoices)],
                    at: location))
            return nil
        }
        guard takesImpact || category == nil else {
            let names = Impact.categories.map { "'\($0)'" }.joined(separator: " and ")
            diagnostics.append(
                .error(
                    .impactWrongCategory, ["categories": .text(names), "category": .text(category ?? "")], at: location)
            )
            return nil
        }
        return impact
    }

    /// Ids must match the catalog exactly: no case folding, so a URL never depends on spelling.
    private func decodeProducts(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> [String]? {
        guard let entries = reader.stringList("products", required: true, into: &diagnostics) else { return nil }
        var ids: [String] = []
        var valid = !entries.isEmpty
        for (id, location) in entries {
            if id == Catalog.everyProductID || catalog.index(of: id) != nil {
                if !ids.contains(id) { ids.append(id) }
                continue
            }
            valid = false
            let normalized = id.trimmingWhitespace.lowercased()
            let hint =
                catalog.index(of: normalized) != nil || normalized == Catalog.everyProductID
                ? MessageArgument(.lowerCaseHint, ["id": .text(normalized)])
                : Suggestions.hint(forProduct: id, in: catalog)
            diagnostics.append(.error(.unknownProduct, ["id": .text(id), "hint": hint], at: location))
        }
        return valid ? ids : nil
    }

    /// The slug from front matter, else from the file name (`mail-hotmail.md` -> `mail-hotmail`).
    private func decodeSlug(_ reader: MappingReader, path: String, _ diagnostics: inout Diagnostics) -> String? {
        if let (slug, location) = reader.string("slug", required: false, into: &diagnostics) {
            guard Slug.isValid(slug) else {
                let suggestion = Slug.make(slug)
                diagnostics.append(
                    .error(
                        .badSlug,
                        [
                            "found": .text(slug),
                            "hint": suggestion.isEmpty
                                ? .empty : MessageArgument(.tryInstead, ["suggestion": .text(suggestion)]),
                        ], at: location))
                return nil
            }
            if let problem = URLPath.problem("/" + slug + "/") {
                diagnostics.append(.error(.slugNotAURL, ["problem": .message(problem)], at: location))
                return nil
            }
            return slug
        }
        // A notice that is a folder (`mail/index.md`, with its images beside it) takes the folder's name.
        let parts = path.split(separator: "/")
        let fileName = parts.last.map(String.init) ?? path
        let stem =
            fileName == "index.md" && parts.count >= 2 ? String(parts[parts.count - 2]) : String(fileName.dropLast(3))
        let slug = Slug.make(stem)
        guard !slug.isEmpty else {
            diagnostics.append(.error(.noSlugFromFileName, ["name": .text(fileName)], at: reader.location))
            return nil
        }
        return slug
    }
}

/// Summaries derived from the body when front matter has none.
enum Summary {
    /// The first paragraph of at least 40 characters (so a salutation like "Sehr geehrte Kunden,"
    /// is passed over), else the first paragraph; shortened on a word boundary with "…".
    static let minimumParagraphLength = 40

    static func derive(from paragraphs: [String], maximumLength: Int) -> String {
        let chosen = paragraphs.first { $0.hasAtLeast(minimumParagraphLength) } ?? paragraphs.first ?? ""
        return shorten(chosen, to: maximumLength)
    }

    static func shorten(_ text: String, to maximumLength: Int) -> String {
        guard text.hasAtLeast(maximumLength + 1) else { return text }
        let cut = text.prefix(maximumLength)
        let wordEnd = cut.lastIndex(where: { $0 == " " }).map { cut[..<$0] } ?? cut
        var shortened = String(wordEnd)
        while let last = shortened.last, last == "," || last == ";" || last == ":" || last == " " || last == "-" {
            shortened.removeLast()
        }
        return shortened + "…"
    }
}
