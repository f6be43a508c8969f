extension Build {
    /// What a site is prepared for, which decides the work done up front.
    public enum Purpose: Sendable {
        /// Every page is rendered (`build`, tests): view values are built up front, in parallel.
        case rendering
        /// Pages are rendered when a browser asks for them (`serve`).
        case serving
        /// Nothing is rendered (`check`): bodies get no HTML, and the check-only warnings are added.
        case checking
    }

    /// How a build runs: at which moment, for what, on how many threads.
    public struct Options: Sendable {
        public var time: BuildTime
        public var purpose: Purpose
        public var threads: Int
        /// Decoded notices kept between builds of one site (`serve`).
        public var cache: NoticeCache?

        public init(
            time: BuildTime = BuildTime(now: 0), purpose: Purpose = .rendering, threads: Int = WorkerThreads.count,
            cache: NoticeCache? = nil
        ) {
            self.time = time
            self.purpose = purpose
            self.threads = threads
            self.cache = cache
        }

        var rendersHTML: Bool { purpose != .checking }
    }
}
