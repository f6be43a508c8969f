import Foundation

/// A file named on the command line that may live on a web server: a published notices.json
/// (`https://…`) or a local path. The only network reads; libcurl applies its timeouts.
public enum RemoteFile {
    /// The bytes at `location`; a diagnostic naming it when they cannot be had.
    public static func read(_ location: String) -> Result<[UInt8], Diagnostic> {
        let where_ = SourceLocation(path: location)
        let lower = location.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") {
            do {
                let (status, bytes) = try CurlTransport.get(url: location)
                guard status == 200 else { return .failure(.error(.remoteHTTPStatus, ["status": .number(Int(status))], at: where_)) }
                return .success(bytes)
            } catch {
                return .failure(.error(.remoteFetchFailed, ["detail": .text("\(error)")], at: where_))
            }
        }
        guard let data = FileManager.default.contents(atPath: location) else {
            return .failure(.error(.remoteFileUnreadable, at: where_))
        }
        return .success([UInt8](data))
    }

    /// Like `read`, but a missing local file is nil (an announcement record before the first run).
    public static func readIfPresent(_ path: String) -> Result<[UInt8]?, Diagnostic> {
        guard FileManager.default.fileExists(atPath: path) else { return .success(nil) }
        return read(path).map { $0 }
    }
}
