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
                case UInt8(ascii: "&"): out.append(contentsOf: [38, 97, 109, 112, 59])  // &amp;
                case UInt8(ascii: "<"): out.append(contentsOf: [38, 108, 116, 59])  // &lt;
                case UInt8(ascii: ">"): out.append(contentsOf: [38, 103, 116, 59])  // &gt;
                case UInt8(ascii: "\""): out.append(contentsOf: [38, 113, 117, 111, 116, 59])  // &quot;
                case UInt8(ascii: "'"): out.append(contentsOf: [38, 97, 112, 111, 115, 59])  // &apos;
                case 0x09, 0x0A, 0x0D: out.append(byte)
                case 0x00..<0x20: break  // C0 controls are not XML characters
                case 0xEF
                where index + 2 < bytes.count && bytes[index + 1] == 0xBF
                    && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                    index += 2  // U+FFFE, U+FFFF
                default: out.append(byte)
                }
                index += 1
            }
        }
    }

    /// A URL query value: every byte but the unreserved ones (RFC 3986) percent-encoded.
    static func queryValue(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Same escaping as `xml`; HTML5 accepts `&apos;` too, but we keep the older `&#39;`.
    static func html(_ text: String) -> String {
        xml(text).replacingAll("&apos;", with: "&#39;")
    }

    /// Appends `text` as a JSON string literal with quotes. `<`, `>`, `&`, U+2028 and U+2029 are
    /// written as `\u` escapes too, so the text stays inert if a page ever embeds it. Runs of bytes
    /// that need no escape are copied whole.
    static func appendJSON(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var copied = 0
            var index = 0
            func escape(_ replacement: some Sequence<UInt8>, skipping extra: Int = 0) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                out.append(contentsOf: replacement)
                index += 1 + extra
                copied = index
            }
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""): escape([92, 34])
                case UInt8(ascii: "\\"): escape([92, 92])
                case 0x0A: escape([92, 110])
                case 0x0D: escape([92, 114])
                case 0x09: escape([92, 116])
                case 0x00..<0x20, 0x7F, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                    escape([92, 117, 48, 48, hexDigit(byte >> 4), hexDigit(byte & 0xF)])
                case 0xE2
                where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    // U+2028, U+2029: line breaks to JavaScript.
                    escape(
                        [92, 117, 50, 48, 50, bytes[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")],
                        skipping: 2)
                default: index += 1
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
