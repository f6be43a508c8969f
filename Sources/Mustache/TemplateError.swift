/// One problem in one template: where (1-based line and column, columns in characters) and what.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The template's name as given to `TemplateLibrary` (`partials/notice-list`).
    public var template: String
    public var line: Int
    public var column: Int
    public var message: String

    /// For a partial that does not exist: its name, and every template name in `knownTemplates`,
    /// so the caller can suggest the one meant.
    public var missingPartial: String? = nil
    public var knownTemplates: [String] = []

    public var description: String { "\(template):\(line):\(column): \(message)" }
}

/// Every problem found while loading a set of templates, in template order, then line, then column.
public struct TemplateErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [TemplateError]

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
