import ArgumentParser
import Foundation
import NoticeKit

extension BuildTime {
    /// `--now`, else `SOURCE_DATE_EPOCH`, else the clock, read in the site's time zone from this
    /// process's environment: what every command that builds or compares means by "now".
    static func resolve(now: String?, timeZone: TimeZone) -> Result<Int64, BuildTimeError> {
        resolve(
            now: now, environment: ProcessInfo.processInfo.environment,
            clock: { Int64(Date().timeIntervalSince1970) }, timeZone: timeZone)
    }

    /// The same, with a value that cannot be read as a usage error (its message, exit 64).
    static func instant(now: String?, timeZone: TimeZone) throws -> Int64 {
        switch resolve(now: now, timeZone: timeZone) {
        case .success(let value): return value
        case .failure(let error): throw ValidationError(error.message)
        }
    }
}
