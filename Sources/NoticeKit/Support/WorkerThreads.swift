#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Number of cores to use; `NOTICES_JOBS` overrides it (determinism tests build with 1 and many).
public enum WorkerThreads {
    public static let count: Int = {
        if let text = getenvString("NOTICES_JOBS"), let value = Int(text), value > 0 { return value }
        return max(1, sysconfCores())
    }()
}

#if canImport(Glibc)
    private func sysconfCores() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#else
    private func sysconfCores() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif

private func getenvString(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}
