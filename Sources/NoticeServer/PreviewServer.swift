import Dispatch
import FlyingFox
import FlyingSocks
import Foundation
import NoticeKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `notices serve`: builds the site in memory (drafts and scheduled notices included), serves it
/// over HTTP on one address (127.0.0.1 unless told otherwise), rebuilds when `content/` or
/// `templates/` change and reloads open pages. Nothing is written to disk.
///
/// Threads: the first build runs on the caller's thread; then a watcher thread (inotify or
/// polling), a rebuild thread (which spreads the build over `threads` workers) and FlyingFox's
/// tasks on the Swift concurrency pool, which only read the `PreviewState`.
public final class PreviewServer: @unchecked Sendable {
    public struct Options: Sendable {
        public var siteRoot: URL
        /// An IPv4 or IPv6 address (`localhost` means 127.0.0.1).
        public var host: String
        /// 0 picks a free port.
        public var port: UInt16
        /// Compare file stamps every 300 ms instead of using inotify.
        public var polling: Bool
        public var threads: Int

        public init(
            siteRoot: URL, host: String = "127.0.0.1", port: UInt16 = 8000, polling: Bool = false,
            threads: Int = WorkerThreads.count
        ) {
            self.siteRoot = siteRoot
            self.host = host
            self.port = port
            self.polling = polling
            self.threads = threads
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let options: Options
    public let state = PreviewState()
    private let log: @Sendable (String) -> Void

    /// - Parameter log: receives progress lines (default: standard error).
    public init(
        options: Options,
        log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    ) {
        self.options = options
        self.log = log
    }

    /// Builds, starts watching and serving, calls `ready` with the URL once the server listens,
    /// and returns when SIGINT or SIGTERM arrives (after closing the server).
    public func run(ready: @escaping @Sendable (String) -> Void) throws {
        let address = ListenAddress(options.host)
        // FlyingFox serves the site on an abstract Unix socket (no browser can reach it); the
        // gate owns the address the user asked for and passes on only requests it accepts.
        let backend = sockaddr_un.unix(
            abstractNamespace: "notices-preview-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        let server = HTTPServer(address: backend, logger: .disabled, handler: PreviewHandler(state: state))
        let gate = try openGate(at: address, backend: backend)
        defer { gate.stop() }

        let serverTask = Locked<Task<Void, Never>?>(nil)
        let signalSources = stopOnSignals(server: server, serverTask: serverTask)
        defer { signalSources.forEach { $0.cancel() } }

        let rebuilder = Rebuilder(siteRoot: options.siteRoot, state: state, threads: options.threads, log: log)
        rebuilder.buildFirst()
        let watcher = SiteWatcher(scanner: rebuilder.scanner) { paths, first in
            rebuilder.request(paths, firstChange: first)
        }
        let mode = watcher.start(preferPolling: options.polling)
        rebuilder.start()

        let finished = DispatchSemaphore(value: 0)
        let failure = Locked<(any Error)?>(nil)
        serverTask.value = Task {
            do { try await server.run() } catch { failure.value = error }
            finished.signal()
        }
        let log = self.log
        Task {
            do {
                try await server.waitUntilListening(timeout: 10)
            } catch {
                return
            }
            gate.start()
            log(
                "notices: watching content/ and templates/ (\(mode.rawValue)); drafts and scheduled notices are shown; Ctrl-C stops"
            )
            ready(address.url(port: gate.port))
        }
        finished.wait()
        if let error = failure.value, !state.isStopping {
            var reason = "\(error)"
            if let socketError = error as? SocketError, case .failed(_, let code, let message) = socketError {
                reason = message + Self.hint(for: code)
            }
            throw Failure(description: "cannot listen on \(address.shown):\(options.port): \(reason)")
        }
        log("notices: stopped")
    }

    /// The address from `--host` without brackets, and how it is written in a URL.
    private struct ListenAddress {
        let bare: String
        let isIPv6: Bool

        init(_ host: String) {
            let host = host == "localhost" ? "127.0.0.1" : host
            isIPv6 = host.contains(":")
            bare = isIPv6 ? host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) : host
        }

        var shown: String { isIPv6 ? "[\(bare)]" : bare }

        func url(port: UInt16) -> String { "http://\(shown):\(port)/" }
    }

    private func openGate(at address: ListenAddress, backend: sockaddr_un) throws -> RequestGate {
        do {
            return try RequestGate(address: address.bare, port: options.port, backend: backend)
        } catch RequestGate.GateError.system(_, let code) {
            let reason = String(cString: strerror(code)) + Self.hint(for: code)
            throw Failure(description: "cannot listen on \(address.shown):\(options.port): \(reason)")
        } catch {
            throw Failure(
                description: "--host must be an IP address such as 127.0.0.1 or ::1 (found '\(options.host)')")
        }
    }

    private static func hint(for code: Int32) -> String {
        code == EADDRINUSE ? "; choose another with --port, or --port 0 for any free one" : ""
    }

    /// SIGINT and SIGTERM stop the server. During the first build (long on a big site) nothing is
    /// served yet, so the process ends at once; later the server closes first and `run` returns.
    private func stopOnSignals(server: HTTPServer, serverTask: Locked<Task<Void, Never>?>)
        -> [any DispatchSourceSignal]
    {
        let state = self.state
        let log = self.log
        return [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                state.stop()
                guard let task = serverTask.value else {
                    log("notices: stopped")
                    exit(0)
                }
                Task {
                    await server.stop(timeout: 0.1)
                    task.cancel()
                }
            }
            source.resume()
            return source
        }
    }
}
