import Foundation

extension Build {
    /// What `Build.publish` did.
    public struct Report: Sendable {
        public var diagnostics: Diagnostics
        /// Files in the published site; 0 when the build failed.
        public var filesWritten: Int
        public var outputFolder: URL
        /// When the published site goes stale (see `Site.nextChange`), in the site's time zone.
        public var nextChange: NoticeDate?
        public var succeeded: Bool { !diagnostics.hasErrors }
    }
}
