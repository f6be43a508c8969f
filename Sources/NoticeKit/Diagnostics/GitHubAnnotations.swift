/// GitHub Actions workflow commands for diagnostics, so problems show up on the pull request:
/// `::error file=content/notices/2016/a.md,line=3,col=7::'date' must be a date …`.
///
/// Escaping follows GitHub's rules for workflow commands: in the message `%`, `\r` and `\n`
/// become `%25`, `%0D` and `%0A`; in property values `:` and `,` become `%3A` and `%2C` as well.
public enum GitHubAnnotations {
    /// One annotation line (without a line end).
    /// - Parameter pathPrefix: prepended to the diagnostic's path (which is relative to the site
    ///   root) so the path is relative to the repository root, e.g. `site/` for `--site site`.
    public static func line(for diagnostic: Diagnostic, pathPrefix: String = "", catalog: MessageCatalog = .english)
        -> String
    {
        let command = diagnostic.severity == .error ? "error" : "warning"
        // A whole file gets no line, and a problem without a file no properties: GitHub then
        // annotates the file, or the run, instead of a line nobody wrote.
        var properties: [String] = []
        if let location = diagnostic.location {
            properties.append("file=" + escapeProperty(pathPrefix + location.path))
            if let line = location.line { properties += ["line=\(line)", "col=\(location.column ?? 1)"] }
        }
        let head = properties.isEmpty ? "::\(command)" : "::\(command) \(properties.joined(separator: ","))"
        return
            "\(head)::\(escapeData(diagnostic.text.text(in: catalog) + " " + catalog.shownCode(diagnostic.text.code)))"
    }

    /// One line per diagnostic, in printing order (`Diagnostics.sorted`).
    public static func lines(for diagnostics: Diagnostics, pathPrefix: String = "", catalog: MessageCatalog = .english)
        -> [String]
    {
        diagnostics.sorted.map { line(for: $0, pathPrefix: pathPrefix, catalog: catalog) }
    }

    /// The message part of a workflow command.
    public static func escapeData(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A property value (`file=…`) of a workflow command.
    public static func escapeProperty(_ text: String) -> String {
        // Properties escape what messages do, and the separators of the property list too.
        escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }

}
