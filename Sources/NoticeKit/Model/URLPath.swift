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

    /// Why `path` is not a usable site path, or nil: a part of a message (in the site's language).
    public static func problem(_ path: String) -> Message? {
        guard path.hasPrefix("/") else { return Message(.urlPathNoLeadingSlash) }
        guard path.utf8.count <= maximumBytes else { return Message(.urlPathTooLong, ["limit": .number(maximumBytes)]) }
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            if segment.isEmpty {
                if isLast { continue }
                return Message(.urlPathEmptySegment)
            }
            if segment.first == UInt8(ascii: ".") {
                return segment.count <= 2 && segment.allSatisfy({ $0 == UInt8(ascii: ".") })
                    ? Message(.urlPathDotSegment) : Message(.urlPathHiddenSegment)
            }
            if segment.count > maximumSegmentBytes {
                return Message(.urlPathSegmentTooLong, ["limit": .number(maximumSegmentBytes)])
            }
            if let problem = characterProblem(Array(segment)) { return problem }
        }
        return nil
    }

    private static let punctuation = Set("-._~!&'()+,=@%".utf8)

    private static func characterProblem(_ bytes: [UInt8]) -> Message? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else {
                    return Message(.urlPathBadEscape)
                }
                let escaped = String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self).lowercased()
                if ["2e", "2f", "5c", "00"].contains(escaped) {
                    return Message(.urlPathEncodedSeparator, ["escape": .text("%" + escaped)])
                }
                index += 3
                continue
            }
            if byte >= 0x80 {
                index += 1
                continue
            }
            let isAlphanumeric =
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            guard isAlphanumeric || punctuation.contains(byte) else {
                if byte < 0x20 || byte == 0x7F { return Message(.urlPathControlCharacter) }
                if byte == 0x20 { return Message(.urlPathSpace) }
                return Message(.urlPathCharacter, ["character": .text(String(Character(Unicode.Scalar(byte))))])
            }
            index += 1
        }
        // Non-ASCII: letters, marks and digits only (no Unicode spaces, controls or invisible formats).
        let text = String(decoding: bytes, as: UTF8.self)
        if let scalar = text.unicodeScalars.first(where: { !$0.isASCII && !isWordScalar($0) }) {
            return Message(
                .urlPathCharacter, ["character": .text("U+" + String(scalar.value, radix: 16, uppercase: true))])
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
    public static func baseURLProblem(_ text: String) -> Message? {
        let lower = text.lowercased()
        guard let scheme = ["https://", "http://"].first(where: lower.hasPrefix) else {
            guard text.hasPrefix("/") else { return Message(.baseURLScheme) }
            if text.hasPrefix("//") { return Message(.baseURLOtherHost) }
            return problem(text).map { Message(.baseURLPath, ["problem": .message($0)]) }
        }
        let rest = text.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        var host = authority[...]
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            let port = authority[authority.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return Message(.baseURLPort)
            }
            host = authority[..<colon]
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv6 =
            host.hasPrefix("[") && host.hasSuffix("]")
            && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" }
        guard
            isIPv6
                || (!host.isEmpty
                    && labels.allSatisfy({ label in
                        !label.isEmpty && label.count <= 63
                            && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                    }))
        else {
            return Message(.baseURLHost)
        }
        return path.isEmpty ? nil : problem(String(path)).map { Message(.baseURLPath, ["problem": .message($0)]) }
    }
}
