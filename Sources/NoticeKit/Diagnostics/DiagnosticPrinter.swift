import Foundation

/// Prints diagnostics to standard error, sorted, one per line, with a count at the end, in the
/// language of the site's message catalog.
public enum DiagnosticPrinter {
    public static func print(_ diagnostics: Diagnostics, catalog: MessageCatalog = .english) {
        let text = render(diagnostics, catalog: catalog)
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// What `print` writes: the lines and the count, or "" when there is nothing to say.
    public static func render(_ diagnostics: Diagnostics, catalog: MessageCatalog) -> String {
        let sorted = diagnostics.sorted
        guard !sorted.isEmpty else { return "" }
        var text = sorted.map { $0.line(in: catalog) }.joined(separator: "\n") + "\n"
        let errors = sorted.filter { $0.severity == .error }.count
        let warnings = sorted.count - errors
        var counts: [Message] = []
        if errors > 0 {
            counts.append(Message(errors == 1 ? .countErrorOne : .countErrors, ["count": .number(errors)]))
        }
        if warnings > 0 {
            counts.append(Message(warnings == 1 ? .countWarningOne : .countWarnings, ["count": .number(warnings)]))
        }
        text += counts.map { $0.text(in: catalog) }.joined(separator: ", ") + "\n"
        return text
    }
}

/// The version `notices --version` prints.
public enum NoticeKitVersion {
    public static let number = "0.1.0"
    public static var description: String { "notices \(number)" }
}
