/// The first part of an HTTP/1.x request (request line and header fields), read and judged by
/// `RequestGate` before FlyingFox sees anything: FlyingFox reads lines and headers without any
/// limit of length, count or time (docs/reliability.md, section 8), so the gate bounds them.
struct RequestHead: Equatable {
    var method: String
    var target: String
    var version: String
    /// Field names as sent, in order.
    var fields: [(name: String, value: String)]

    static func == (lhs: RequestHead, rhs: RequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.version == rhs.version
            && lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    struct Limits: Sendable {
        /// The request line (method, target, version) without its line end.
        var requestLineBytes = 8 * 1024
        /// Request line and header fields together.
        var headBytes = 32 * 1024
        var fieldCount = 100
    }

    /// Why a request is refused before it reaches the site: the status and a sentence for the body.
    struct Refusal: Error, Equatable {
        var status: Int
        var reason: String

        static func tooLarge(_ what: String) -> Refusal { Refusal(status: 431, reason: what) }
        static func bad(_ what: String) -> Refusal { Refusal(status: 400, reason: what) }
    }

    /// Where the head ends in `bytes` (the index after the blank line), nil while it is incomplete;
    /// throws when what arrived so far already breaks a limit.
    static func end(in bytes: [UInt8], limits: Limits) throws -> Int? {
        let firstLineEnd = bytes.firstIndex(of: 10)
        if firstLineEnd == nil, bytes.count > limits.requestLineBytes + 1 {
            throw Refusal.tooLarge("the request line is longer than \(limits.requestLineBytes) bytes")
        }
        if let firstLineEnd, firstLineEnd > limits.requestLineBytes + 1 {
            throw Refusal.tooLarge("the request line is longer than \(limits.requestLineBytes) bytes")
        }
        var index = 0
        var lineStart = 0
        var lines = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                let length = index - lineStart - (index > lineStart && bytes[index - 1] == 13 ? 1 : 0)
                if length == 0 && lines > 0 { return index + 1 }
                if length > 0 { lines += 1 }
                if lines > limits.fieldCount + 1 {
                    throw Refusal.tooLarge("more than \(limits.fieldCount) header fields")
                }
                lineStart = index + 1
            }
            index += 1
        }
        if bytes.count > limits.headBytes {
            throw Refusal.tooLarge("the request head is longer than \(limits.headBytes) bytes")
        }
        return nil
    }

    /// Parses a complete head (as `end(in:limits:)` found it).
    static func parse(_ bytes: ArraySlice<UInt8>) throws -> RequestHead {
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
            line.last == 13 ? line.dropLast() : line
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { throw Refusal.bad("empty request") }
        let parts = first.split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3, let method = ascii(parts[0]), let target = ascii(parts[1]),
            let version = ascii(parts[2]),
            !method.isEmpty, target.hasPrefix("/") || target == "*", version.hasPrefix("HTTP/1.")
        else {
            throw Refusal.bad("malformed request line")
        }
        var fields: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), let name = ascii(line[..<colon]), !name.isEmpty,
                !name.contains(" "), !name.contains("\t")
            else {
                throw Refusal.bad("malformed header field")
            }
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimming([" ", "\t"])
            fields.append((name, value))
        }
        return RequestHead(method: method, target: target, version: version, fields: fields)
    }

    /// The values of a header field, by case-insensitive name.
    func values(of name: String) -> [String] {
        fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The head to hand on: the same fields except the connection options, which the gate sets
    /// (one request per connection).
    func forwarded() -> [UInt8] {
        let dropped: Set<String> = ["connection", "keep-alive", "proxy-connection", "upgrade", "te"]
        var text = "\(method) \(target) \(version)\r\n"
        for (name, value) in fields where !dropped.contains(name.lowercased()) { text += "\(name): \(value)\r\n" }
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }

    private static func ascii(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.allSatisfy { $0 > 32 && $0 < 127 } ? String(decoding: bytes, as: UTF8.self) : nil
    }
}

extension String {
    /// Without the given characters at either end.
    func trimming(_ set: Set<Character>) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
