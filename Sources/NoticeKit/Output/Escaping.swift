/// Escaping for each output context. Every value written into HTML, XML or JSON outside the
/// template engine goes through one of these.
enum Escape {
    /// XML 1.0 text and attribute values: `& < > " '` escaped, characters XML forbids
    /// (C0 controls except tab/newline/return, U+FFFE, U+FFFF, lone surrogates) removed.
    static func xml(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count + 16)
        appendXML(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` escaped for XML to `out`, working on UTF-8 bytes.
    static func appendXML(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "&"): out.append(contentsOf: [38, 97, 109, 112, 59]) // &amp;
                case UInt8(ascii: "<"): out.append(contentsOf: [38, 108, 116, 59]) // &lt;
                case UInt8(ascii: ">"): out.append(contentsOf: [38, 103, 116, 59]) // &gt;
                case UInt8(ascii: "\""): out.append(contentsOf: [38, 113, 117, 111, 116, 59]) // &quot;
                case UInt8(ascii: "'"): out.append(contentsOf: [38, 97, 112, 111, 115, 59]) // &apos;
                case 0x09, 0x0A, 0x0D: out.append(byte)
                case 0x00..<0x20: break // C0 controls are not XML characters
                case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                    index += 2 // U+FFFE, U+FFFF
                default: out.append(byte)
                }
                index += 1
            }
        }
    }

    /// Same escaping as `xml`; HTML5 accepts `&apos;` too, but we keep the older `&#39;`.
    static func html(_ text: String) -> String {
        xml(text).replacingAll("&apos;", with: "&#39;")
    }

    /// A JSON string literal with quotes. `<`, `>`, `&`, U+2028 and U+2029 are written as
    /// `\u` escapes too, so the text stays inert if a page ever embeds it.
    static func json(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count + 8)
        appendJSON(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendJSON(_ text: String, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
                case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
                case 0x0A: out.append(contentsOf: [92, 110])
                case 0x0D: out.append(contentsOf: [92, 114])
                case 0x09: out.append(contentsOf: [92, 116])
                case 0x00..<0x20, 0x7F, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                    out.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    out.append(contentsOf: Array("\\u202".utf8))
                    out.append(bytes[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                    index += 2
                default: out.append(byte)
                }
                index += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
