import Foundation

/// A file named on the command line that may live on a web server: a published notices.json
/// (`https://…`) or a local path. The only network reads; libcurl applies its timeouts.
public enum RemoteFile {
    /// The bytes at `location`; nil (the problem reported, naming it) when they cannot be had.
    public static func read(_ location: String, into diagnostics: inout Diagnostics) -> [UInt8]? {
        let where_ = SourceLocation(path: location)
        let lower = location.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") {
            do {
                let (status, bytes) = try CurlTransport.get(url: location)
                guard status == 200 else {
                    diagnostics.error(.remoteHTTPStatus, ["status": .number(Int(status))], at: where_)
                    return nil
                }
                return bytes
            } catch {
                diagnostics.error(.remoteFetchFailed, ["detail": .text("\(error)")], at: where_)
                return nil
            }
        }
        guard let data = FileManager.default.contents(atPath: location) else {
            diagnostics.error(.remoteFileUnreadable, at: where_)
            return nil
        }
        return [UInt8](data)
    }

    /// Whether a local file exists: an announcement record does not before the first run.
    public static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}
