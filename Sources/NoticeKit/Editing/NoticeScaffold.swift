import Foundation

/// The file `notices new` writes: front matter filled in and a German body skeleton of the usual
/// sections for the category. Pure: the caller reads settings and catalog and writes the file.
///
/// The text is checked with the same decoder the build uses, so an unknown product or category
/// gets exactly the build's message and suggestion, and a scaffold that is returned always builds.
public struct NoticeScaffold: Sendable, Equatable {
    /// Relative to the site root: `content/notices/2026/wartung-am-mailserver.md`.
    public var path: String
    public var text: String

    public struct Request: Sendable {
        public var title: String
        public var category: String
        /// Catalog ids (or `all`), as given on the command line.
        public var products: [String]
        /// The notice's date; `date:` is written as `2026-12-01` when it has no time of day.
        public var date: NoticeDate
        /// The URL name; default: made from the title.
        public var slug: String?
        public var draft: Bool

        public init(
            title: String, category: String, products: [String], date: NoticeDate, slug: String? = nil,
            draft: Bool = false
        ) {
            self.title = title
            self.category = category
            self.products = products
            self.date = date
            self.slug = slug
            self.draft = draft
        }
    }

    /// The scaffold; nil when an error prevents one (reported, as the build words it). The
    /// problems have no location: the file does not exist yet, so they concern the request.
    /// Errors come sorted as the build would print them; warnings in the order found.
    public static func make(
        _ request: Request, settings: SiteSettings, catalog: Catalog,
        into diagnostics: inout Diagnostics
    ) -> NoticeScaffold? {
        func report(_ problems: some Sequence<Diagnostic>) {
            diagnostics.append(contentsOf: problems.map { Diagnostic($0.severity, at: nil, $0.text) })
        }
        let title = request.title.trimmingCharacters(in: .whitespacesAndNewlines)
        let slug = request.slug ?? Slug.make(title)
        let date = request.date
        let path = "\(SiteLayout.noticesFolder)/\(String(format: "%04d", date.year))/\(slug.isEmpty ? "_" : slug).md"
        if title.isEmpty {
            diagnostics.error(.emptyTitle, at: nil)
            return nil
        }
        if slug.isEmpty {
            diagnostics.error(.noSlugFromTitle, ["title": .text(title)], at: nil)
            return nil
        }
        let text =
            frontMatter(request, title: title, slug: slug, settings: settings)
            + body(for: request.category, date: date, timeZone: settings.timeZone)
        var problems = Diagnostics()
        guard
            NoticeDecoder(settings: settings, catalog: catalog).decode(
                SourceFile(path: path, text: text), into: &problems) != nil
        else {
            report(problems.sorted)
            return nil
        }
        // The skeleton's placeholders are there to be replaced; `check` and `build` insist on it.
        report(problems.all.filter { $0.text.code != .placeholderLeft })
        return NoticeScaffold(path: path, text: text)
    }

    /// `date:` as editors write it: `2026-12-01`, or `2026-12-01T09:30:00+01:00` with a time.
    static func frontMatter(_ request: Request, title: String, slug: String, settings: SiteSettings) -> String {
        var lines = ["---"]
        lines.append("title: " + quoted(title))
        lines.append("date: " + request.date.rfc3339)
        lines.append("category: " + plainOrQuoted(request.category))
        lines.append("products: [" + request.products.map(plainOrQuoted).joined(separator: ", ") + "]")
        if let given = request.slug { lines.append("slug: " + plainOrQuoted(given)) }
        lines.append("# summary: Ein Satz für Listen und Suchmaschinen (ohne diese Zeile: der erste Absatz).")
        switch request.category {
        case "stoerung":
            lines.append("status: ongoing")
            lines.append("impact: major # minor: Einschränkung, Arbeit geht weiter; critical: Ausfall für alle")
            lines.append(
                "# Sobald behoben: status: resolved und resolved_at: \(example(request.date, hour: 12, plusDays: 0, settings.timeZone))"
            )
        case "wartung":
            let start = example(request.date, hour: 22, plusDays: 0, settings.timeZone)
            let end = example(request.date, hour: 2, plusDays: 1, settings.timeZone)
            lines.append("# Wartungsfenster (das # am Zeilenanfang entfernen und die Zeiten anpassen):")
            lines.append("# window: { start: \(start), end: \(end) }")
        default:
            break
        }
        if request.draft { lines.append("draft: true") }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The categories with a skeleton of their own, and one without (the general skeleton).
    static let skeletonCategories = ["stoerung", "wartung", "sicherheit", "info", ""]

    /// The skeleton of the body: salutation, an opening paragraph and the usual sections.
    public static func body(
        for category: String, date: NoticeDate? = nil, timeZone: TimeZone = TimeZone(identifier: "Europe/Berlin")!
    ) -> String {
        var parts = ["Sehr geehrte Kunden,"]
        switch category {
        case "stoerung":
            parts.append(
                "seit heute, HH:MM Uhr, ist … gestört. (In einem Satz: Was funktioniert nicht, und wer ist betroffen?)")
            parts.append("## Ursache\n\nDie Ursache wird derzeit untersucht. (Sobald bekannt: Was ist passiert?)")
            parts.append(
                "## Auswirkungen\n\n- (Was funktioniert nicht? Welche Websites oder Postfächer sind betroffen?)")
            parts.append("## Abhilfe\n\n- (Was können Sie bis zur Behebung tun? Wann ist mit einer Lösung zu rechnen?)")
        case "wartung":
            parts.append("wir führen Wartungsarbeiten an … durch. (In einem Satz: Was wird gemacht, und warum?)")
            parts.append(
                "## Zeitplan\n\nDie Arbeiten beginnen am **TT. Monat JJJJ um HH:MM Uhr** und enden spätestens am **TT. Monat JJJJ um HH:MM Uhr**."
            )
            parts.append(
                "## Auswirkungen\n\n- (Was ist während der Wartung nicht erreichbar? Was ist nicht betroffen?)")
            parts.append(
                "## Was Sie tun können\n\n- (Zum Beispiel: Arbeit vorher speichern, keine Veröffentlichungen planen.)")
        case "sicherheit":
            parts.append(
                "wir informieren Sie über eine Sicherheitslücke in … (In einem Satz: Was ist betroffen, und wie dringend ist es?)"
            )
            parts.append(
                "## Beschreibung\n\n(Worin besteht die Lücke oder die Gefahr? Ohne technische Details, die Angreifern helfen.)"
            )
            parts.append("## Risiko\n\n(Was könnte passieren? Gibt es Hinweise auf Ausnutzung?)")
            parts.append(
                "## Was Sie tun sollten\n\n- (Konkrete Schritte, zum Beispiel: Passwort ändern, Update einspielen.)")
        case "info":
            parts.append("wir möchten Sie über … informieren. (In einem Satz: Worum geht es?)")
            parts.append("## Details\n\n(Was ändert sich, ab wann, für wen?)")
            parts.append("## Was Sie tun müssen\n\n- (Falls nichts: „Sie müssen nichts unternehmen.“)")
        default:
            parts.append("(In einem Satz: Worum geht es, und wer ist betroffen?)")
            parts.append("## Details\n\n(…)")
        }
        parts.append("Bei Fragen wenden Sie sich bitte an unseren Kundenservice.")
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// An example date-time on the notice's day (or a day later) for commented-out hints.
    private static func example(_ date: NoticeDate, hour: Int, plusDays: Int, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let day =
            calendar.date(
                from: DateComponents(year: date.year, month: date.month, day: date.day + plusDays, hour: hour))
            ?? Date()
        let components = calendar.dateComponents([.year, .month, .day, .hour], from: day)
        return String(
            format: "%04d-%02d-%02dT%02d:00", components.year!, components.month!, components.day!, components.hour!)
    }

    /// A YAML double-quoted scalar: safe for any title (`: `, `#`, `"`, leading `[` …).
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += String(format: "\\x%02X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Ids stay plain when they look like ids; anything else is quoted so the decoder sees it as given.
    static func plainOrQuoted(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "-" || scalar == "_"
            } && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(text.lowercased())
            && text.unicodeScalars.first.map { !("0"..."9").contains($0) && $0 != "-" } ?? false
        return plain ? text : quoted(text)
    }
}

/// Public doors to the readers the build uses, for tools that check input the way the build does
/// (`notices new` reads settings and catalog without reading every notice).
public enum SiteInput {
    /// `content/site.yml` as the build reads it (defaults when `file` is nil).
    public static func settings(_ file: SourceFile?, into diagnostics: inout Diagnostics) -> SiteSettings {
        SiteSettings.load(file, into: &diagnostics)
    }

    /// `content/products.yml` as the build reads it (empty when `file` is nil).
    public static func catalog(_ file: SourceFile?, into diagnostics: inout Diagnostics) -> Catalog {
        CatalogLoader.load(file, into: &diagnostics)
    }

    /// "; write it as 2016-04-20" for a German date such as 20.04.2016, else nothing.
    public static func isoHint(for text: String) -> MessageArgument {
        GermanDate.isoHint(for: text)
    }

    /// " (did you mean 'a' or 'b'?)", or "": the build's suggestion for a mistyped id.
    public static func didYouMean(_ word: String, in candidates: [String]) -> String {
        MessageCatalog.english.render(Suggestions.hint(for: word, in: candidates))
    }
}
