import Foundation

/// Prints how long each stage took when `NOTICES_TIMINGS=1` (for profiling; off by default).
struct StageClock {
    private static let enabled = getenv("NOTICES_TIMINGS") != nil
    private var last = DispatchTime.now()

    mutating func lap(_ stage: String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now()
        FileHandle.standardError.write(
            Data(
                String(
                    format: "notices: %@ %.3f s (%@)\n", stage,
                    Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9, Self.memory()
                ).utf8))
        last = now
    }

    /// Resident and peak memory from /proc (Linux), e.g. `rss 210 MB, peak 380 MB`.
    private static func memory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            return "memory unknown"
        }
        func megabytes(_ key: String) -> String {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
                let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
            else { return "?" }
            return "\(kilobytes / 1024) MB"
        }
        return "rss \(megabytes("VmRSS")), peak \(megabytes("VmHWM"))"
    }
}
