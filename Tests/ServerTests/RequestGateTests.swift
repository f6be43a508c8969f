import Testing

@testable import NoticeServer

/// The request gate's rules on values: where a head ends, its limits, which Host it answers.
@Suite struct RequestGateTests {
    let limits = RequestHead.Limits()

    @Test func findsTheEndOfAHead() throws {
        let head = Array("GET /a HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\n\r\nrest".utf8)
        let end = try #require(try RequestHead.end(in: head, limits: limits))
        let parsed = try RequestHead.parse(head[..<end])
        #expect(parsed.method == "GET" && parsed.target == "/a" && parsed.values(of: "host") == ["127.0.0.1:8000"])
        #expect(
            String(decoding: parsed.forwarded(), as: UTF8.self).hasSuffix("Accept: */*\r\nConnection: close\r\n\r\n"))
        #expect(try RequestHead.end(in: Array("GET / HTTP/1.1\r\nHost: x".utf8), limits: limits) == nil)
    }

    @Test func refusesOversizedHeads() {
        #expect(throws: RequestHead.Refusal.self) {
            try RequestHead.end(in: Array(repeating: 65, count: 9_000), limits: limits)
        }
        let manyFields = "GET / HTTP/1.1\r\n" + String(repeating: "X: y\r\n", count: 101)
        #expect(throws: RequestHead.Refusal.self) { try RequestHead.end(in: Array(manyFields.utf8), limits: limits) }
        let bigField = "GET / HTTP/1.1\r\nX: " + String(repeating: "b", count: 40_000)
        #expect(throws: RequestHead.Refusal.self) { try RequestHead.end(in: Array(bigField.utf8), limits: limits) }
    }

    @Test func answersOnlyItsOwnHost() {
        let loopback = HostRule(boundTo: "127.0.0.1", port: 8000)
        for host in ["127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000", "[::1]:8000"] {
            #expect(loopback.allows(host), "\(host)")
        }
        for host in [
            "evil.example:8000", "evil.example", "127.0.0.1.nip.io:8000", "127.0.0.1:8001", "127.0.0.1", "localhost:x",
        ] {
            #expect(!loopback.allows(host), "\(host)")
        }
        let everywhere = HostRule(boundTo: "0.0.0.0", port: 80)
        #expect(
            everywhere.allows("192.168.1.5") && everywhere.allows("10.0.0.1:80")
                && !everywhere.allows("intranet.example"))
    }
}
