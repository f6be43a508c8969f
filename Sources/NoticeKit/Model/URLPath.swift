/// The one rule for a path on the site that a user chooses (an alias, a notice's slug, the path
/// of `base_url`): it must be a file or folder the generator can write, a web server serves as
/// it is, and every redirect format (`_redirects`, the nginx map and the deploy guide's install
/// script) takes literally.
///
/// An absolute path (`/a/b.html`, `/a/b/`): segments separated by single slashes, none `.`, `..`
/// or starting with `.` (no dot files such as `.htaccess` or `.git`), each at most 255 bytes (a
/// file name's limit), the whole at most 1,024 bytes; letters (also non-ASCII), digits,
/// `- . _ ~ ! & ' ( ) + , = @` and `%XX` escapes other than an encoded `.`, `/`, `\` or NUL.
/// Refused among others: spaces and control characters, `* ; { } " $ \ : ? # < > | ^ [ ]` and
/// backquote.
public enum URLPath {
    public static let maximumSegmentBytes = 255
    public static let maximumBytes = 1_024

    /// Why `path` is not a usable site path, or nil.
    public static func problem(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return "it must start with '/'" }
        guard path.utf8.count <= maximumBytes else { return "it is longer than \(maximumBytes) bytes" }
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            if segment.isEmpty {
                if isLast { continue }
                return "it holds an empty segment ('//')"
            }
            if segment.first == UInt8(ascii: ".") {
                return segment.count <= 2 && segment.allSatisfy({ $0 == UInt8(ascii: ".") })
                    ? "it holds a '.' or '..' segment" : "a segment starts with '.' (a hidden file such as .htaccess)"
            }
            if segment.count > maximumSegmentBytes {
                return "a segment is longer than \(maximumSegmentBytes) bytes, more than a file name can hold"
            }
            if let problem = characterProblem(Array(segment)) { return problem }
        }
        return nil
    }

    private static let punctuation = Set("-._~!&'()+,=@%".utf8)

    private static func characterProblem(_ bytes: [UInt8]) -> String? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else {
                    return "'%' must start an escape like %20"
                }
                let escaped = String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self).lowercased()
                if ["2e", "2f", "5c", "00"].contains(escaped) { return "it holds an encoded '.', '/', '\\' or NUL (%\(escaped))" }
                index += 3
                continue
            }
            if byte >= 0x80 {
                index += 1
                continue
            }
            let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            guard isAlphanumeric || punctuation.contains(byte) else {
                let shown = byte < 0x20 || byte == 0x7F ? "a control character" : (byte == 0x20 ? "a space" : "'\(Character(Unicode.Scalar(byte)))'")
                return "it holds \(shown)"
            }
            index += 1
        }
        // Non-ASCII: letters, marks and digits only (no Unicode spaces, controls or invisible formats).
        let text = String(decoding: bytes, as: UTF8.self)
        if let scalar = text.unicodeScalars.first(where: { !$0.isASCII && !isWordScalar($0) }) {
            return "it holds the character U+\(String(scalar.value, radix: 16, uppercase: true))"
        }
        return nil
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Why `text` is not a usable `base_url`, or nil: `http(s)://host[:port]/path/` or a path
    /// with a single leading `/`, the path by `problem(_:)`.
    public static func baseURLProblem(_ text: String) -> String? {
        let lower = text.lowercased()
        guard let scheme = ["https://", "http://"].first(where: lower.hasPrefix) else {
            guard text.hasPrefix("/") else { return "it must start with https://, http:// or /" }
            if text.hasPrefix("//") { return "a leading '//' names another host; write https://host/ or a path with one '/'" }
            return problem(text).map { "its path is not usable: " + $0 }
        }
        let rest = text.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        var host = authority[...]
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            let port = authority[authority.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "its port must be a number" }
            host = authority[..<colon]
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv6 = host.hasPrefix("[") && host.hasSuffix("]") && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" }
        guard isIPv6 || (!host.isEmpty && labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        })) else {
            return "its host must be a name like example.de (letters, digits, '-' and '.')"
        }
        return path.isEmpty ? nil : problem(String(path)).map { "its path is not usable: " + $0 }
    }
}
