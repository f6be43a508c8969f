import FlyingSocks
import Foundation
import NoticeKit

#if canImport(Glibc)
    import Glibc
#endif

/// The preview server's front door: it owns the listening socket, reads each request head within
/// limits (`RequestHead.Limits`, 431 beyond them), refuses a `Host` the server is not (421),
/// requests with a body (413) and slow or idle clients (408), and hands what passes to FlyingFox,
/// which listens only on an abstract Unix socket no browser can reach. One request per
/// connection; at most `maximumConnections` at once (503 beyond), each on its own thread that
/// waits in `poll`, so abusive connections cost no CPU and never delay the others.
final class RequestGate: @unchecked Sendable {
    struct Timing: Sendable {
        /// From accepting a connection to the end of its request head (slow and idle clients).
        var headSeconds = 10.0
        /// For the site's answer (the live-reload long poll waits 10 s).
        var responseSeconds = 30.0
        /// For each write to the client.
        var writeSeconds = 10.0
    }

    static let maximumConnections = 64

    let port: UInt16
    private let listener: Int32
    private let backend: sockaddr_un
    private let hosts: HostRule
    private let limits = RequestHead.Limits()
    private let timing = Timing()
    private let active = Locked(0)

    /// Binds `address` (IPv4 or IPv6 literal) at `port` (0: any free port).
    init(address: String, port: UInt16, backend: sockaddr_un) throws {
        let isIPv6 = address.contains(":")
        let descriptor = socket(
            isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw GateError.system("socket", errno) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound: Int32
        if isIPv6 {
            var address6 = sockaddr_in6()
            address6.sin6_family = sa_family_t(AF_INET6)
            address6.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, address, &address6.sin6_addr) == 1 else {
                close(descriptor)
                throw GateError.badAddress
            }
            bound = withUnsafePointer(to: &address6) {
                bind(
                    descriptor, UnsafeRawPointer($0).assumingMemoryBound(to: sockaddr.self),
                    socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        } else {
            var address4 = sockaddr_in()
            address4.sin_family = sa_family_t(AF_INET)
            address4.sin_port = port.bigEndian
            guard inet_pton(AF_INET, address, &address4.sin_addr) == 1 else {
                close(descriptor)
                throw GateError.badAddress
            }
            bound = withUnsafePointer(to: &address4) {
                bind(
                    descriptor, UnsafeRawPointer($0).assumingMemoryBound(to: sockaddr.self),
                    socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 128) == 0 else {
            let code = errno
            close(descriptor)
            throw GateError.system("bind", code)
        }
        var storage = sockaddr_in6()
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            getsockname(descriptor, UnsafeMutableRawPointer($0).assumingMemoryBound(to: sockaddr.self), &length)
        }
        // sin_port and sin6_port lie at the same offset.
        self.port = UInt16(bigEndian: storage.sin6_port)
        listener = descriptor
        self.backend = backend
        hosts = HostRule(boundTo: address, port: self.port)
    }

    enum GateError: Error {
        case badAddress
        case system(String, Int32)
    }

    /// Accepts connections on a thread of its own until `stop`.
    func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "notices-gate"
        thread.start()
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE {
                    if errno == EMFILE || errno == ENFILE { usleep(50_000) }
                    continue
                }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let admitted = active.update { count -> Bool in
                guard count < Self.maximumConnections else { return false }
                count += 1
                return true
            }
            guard admitted else {
                refuse(
                    client, RequestHead.Refusal(status: 503, reason: "too many connections at once; try again"),
                    draining: false)
                continue
            }
            let thread = Thread { [self] in
                serve(client)
                active.update { $0 -= 1 }
            }
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        let deadline = Deadline(seconds: timing.headSeconds)
        var buffer: [UInt8] = []
        var headEnd: Int?
        do {
            while headEnd == nil {
                guard let chunk = try read(client, until: deadline, maximum: limits.headBytes + 1 - buffer.count) else {
                    if buffer.isEmpty {
                        close(client)
                        return
                    }
                    throw RequestHead.Refusal.bad("the connection ended inside the request head")
                }
                buffer += chunk
                headEnd = try RequestHead.end(in: buffer, limits: limits)
            }
            let head = try RequestHead.parse(buffer[..<headEnd!])
            try check(head)
            forward(head, from: client)
        } catch let refusal as RequestHead.Refusal {
            refuse(client, refusal)
        } catch {
            refuse(
                client,
                RequestHead.Refusal(
                    status: 408, reason: "the request head did not arrive within \(Int(timing.headSeconds)) s"))
        }
    }

    private func check(_ head: RequestHead) throws {
        let hostValues = head.values(of: "Host")
        guard hostValues.count == 1, let host = hostValues.first else {
            throw RequestHead.Refusal.bad(hostValues.isEmpty ? "no Host header" : "more than one Host header")
        }
        guard hosts.allows(host) else {
            throw RequestHead.Refusal(
                status: 421,
                reason:
                    "this preview answers only requests for its own address (port \(port)), not for '\(PlainText.escaped(String(host.prefix(200))))'"
            )
        }
        if !head.values(of: "Transfer-Encoding").isEmpty
            || head.values(of: "Content-Length").contains(where: { $0 != "0" })
        {
            throw RequestHead.Refusal(status: 413, reason: "the preview takes no request bodies")
        }
    }

    /// One request to FlyingFox and its whole answer back to the client.
    private func forward(_ head: RequestHead, from client: Int32) {
        defer { close(client) }
        let upstream = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard upstream >= 0 else { return }
        defer { close(upstream) }
        let connected = backend.withSockAddr { connect(upstream, $0, $1) }
        guard connected == 0, write(upstream, head.forwarded(), until: Deadline(seconds: timing.writeSeconds)) else {
            return
        }
        let deadline = Deadline(seconds: timing.responseSeconds)
        while let chunk = try? read(upstream, until: deadline, maximum: 65_536) {
            guard write(client, chunk, until: Deadline(seconds: timing.writeSeconds)) else { return }
        }
    }

    /// Sends the refusal, then (`draining`) reads and drops what the client still sends for up to
    /// two seconds, so it sees the answer instead of a reset connection.
    private func refuse(_ client: Int32, _ refusal: RequestHead.Refusal, draining: Bool = true) {
        let phrases = [
            400: "Bad Request", 408: "Request Timeout", 413: "Content Too Large", 421: "Misdirected Request",
            431: "Request Header Fields Too Large", 503: "Service Unavailable",
        ]
        let body = "\(refusal.status) \(phrases[refusal.status] ?? "Error"): \(refusal.reason)\n"
        let response =
            "HTTP/1.1 \(refusal.status) \(phrases[refusal.status] ?? "Error")\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n" + body
        _ = write(client, Array(response.utf8), until: Deadline(seconds: draining ? 2 : 0.1))
        shutdown(client, Int32(SHUT_WR))
        if draining {
            let drain = Deadline(seconds: 2)
            while (try? read(client, until: drain, maximum: 65_536)) != nil {}
        }
        close(client)
    }

    /// Up to `maximum` bytes, nil at the end of the stream; throws when the deadline passes.
    private func read(_ descriptor: Int32, until deadline: Deadline, maximum: Int) throws -> [UInt8]? {
        guard maximum > 0 else {
            throw RequestHead.Refusal.tooLarge("the request head is longer than \(limits.headBytes) bytes")
        }
        while true {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, deadline.remainingMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { throw GateError.system("timeout", ETIMEDOUT) }
            var bytes = [UInt8](repeating: 0, count: min(maximum, 65_536))
            let count = recv(descriptor, &bytes, bytes.count, 0)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            return Array(bytes[..<count])
        }
    }

    private func write(_ descriptor: Int32, _ bytes: [UInt8], until deadline: Deadline) -> Bool {
        var offset = 0
        while offset < bytes.count {
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&poller, 1, deadline.remainingMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return false }
            let sent = bytes[offset...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}

/// A moment on the monotonic clock, for `poll` timeouts.
private struct Deadline {
    let end: DispatchTime

    init(seconds: Double) { end = .now() + seconds }

    var remainingMilliseconds: Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        return end.uptimeNanoseconds > now ? Int32(min(Double(end.uptimeNanoseconds - now) / 1e6, 1e9)) : 0
    }
}
