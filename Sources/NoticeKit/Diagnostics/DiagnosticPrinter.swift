import Foundation

/// Prints diagnostics to standard error, sorted, one per line, with a count at the end.
public enum DiagnosticPrinter {
    public static func print(_ diagnostics: Diagnostics) {
        let sorted = diagnostics.sorted
        guard !sorted.isEmpty else { return }
        var text = sorted.map(\.description).joined(separator: "\n") + "\n"
        let errors = sorted.filter { $0.severity == .error }.count
        let warnings = sorted.count - errors
        var counts: [String] = []
        if errors > 0 { counts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { counts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        text += counts.joined(separator: ", ") + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// The version `notices --version` prints.
public enum NoticeKitVersion {
    public static let number = "0.1.0"
    public static var description: String { "notices \(number)" }
}

