/// A JSON value with ordered object keys, so output is byte-stable.
indirect enum JSONValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// Compact when `indent` is nil, else pretty-printed with that many spaces.
    func serialized(indent: Int? = nil) -> String {
        String(decoding: serializedBytes(indent: indent), as: UTF8.self)
    }

    /// UTF-8 with a final newline; written as bytes, since documents of a large site are megabytes.
    func serializedBytes(indent: Int? = nil) -> [UInt8] {
        var out: [UInt8] = []
        write(into: &out, indent: indent, level: 0)
        out.append(0x0A)
        return out
    }

    /// UTF-8 without a final newline, appended to `out` (for splicing into larger documents).
    func write(into out: inout [UInt8]) {
        write(into: &out, indent: nil, level: 0)
    }

    private func write(into out: inout [UInt8], indent: Int?, level: Int) {
        func newline(_ level: Int) {
            guard let indent else { return }
            out.append(0x0A)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
        }
        switch self {
        case .string(let text): Escape.appendJSON(text, to: &out)
        case .int(let value): out += String(value).utf8
        case .bool(let value): out += (value ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]".utf8
                return
            }
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            guard !pairs.isEmpty else {
                out += "{}".utf8
                return
            }
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                Escape.appendJSON(key, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                value.write(into: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out.append(UInt8(ascii: "}"))
        }
    }
}
