import Foundation

/// Writes the announcement record: into a temporary file next to it, then renamed over it, so a
/// run killed while writing leaves the previous record, never half of one.
enum RecordWriter {
    static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).tmp")
        try Data(bytes).write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw Diagnostic.error(
                .recordWriteFailed, ["detail": .text(String(cString: strerror(code)))], at: SourceLocation(path: path))
        }
    }
}
