import Foundation

/// A file of the site as read from disk: its path relative to the site root and its bytes.
public struct SourceFile: Sendable, Hashable {
    /// Path relative to the site root, `/`-separated (`content/notices/2016/mail.md`).
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}

extension SourceFile {
    /// The file as text: valid UTF-8 without NUL bytes; a byte-order mark is dropped and CRLF / CR
    /// line ends become LF, so such files give exactly the result of their clean twins. Other
    /// control characters (which HTML and XML forbid) are removed.
    /// nil (the problem reported) when the bytes are not such text.
    func decodedText(into diagnostics: inout Diagnostics) -> String? {
        var bytes = self.bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.containsByte(0), let nul = bytes.firstIndex(of: 0) {
            diagnostics.error(.nulByte, ["offset": .number(nul)], at: location(ofByte: nul))
            return nil
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(bytes) ?? bytes.startIndex
            diagnostics.error(.notUTF8, ["offset": .number(offset)], at: location(ofByte: offset))
            return nil
        }
        let clean = ControlCharacters.removing(from: text)
        guard bytes.containsByte(13) else { return clean }
        return clean.replacingCRLF()
    }

    /// Line and column of a byte offset, counting lines by LF.
    private func location(ofByte offset: Int) -> SourceLocation {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 10 {
            line += 1
            lineStart = index + 1
        }
        return SourceLocation(path: path, line: line, column: offset - lineStart + 1)
    }
}

private func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int? {
    var index = bytes.startIndex
    while index < bytes.endIndex {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return index
        }
        guard index + length <= bytes.endIndex else { return index }
        if String(validating: bytes[index..<(index + length)], as: UTF8.self) == nil { return index }
        index += length
    }
    return nil
}

private extension String {
    func replacingCRLF() -> String {
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        var previousWasCR = false
        for byte in utf8 {
            if byte == 13 {
                out.append(10)
                previousWasCR = true
            } else {
                if !(byte == 10 && previousWasCR) { out.append(byte) }
                previousWasCR = false
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension ArraySlice<UInt8> {
    /// `memchr`: a vectorised scan, much faster than `contains` on long files.
    func containsByte(_ byte: UInt8) -> Bool {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }
}

/// C0 controls other than tab, line feed and carriage return, DEL, and the C1 controls: HTML
/// forbids them and XML 1.0 forbids most, so they never enter the pipeline.
enum ControlCharacters {
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value)
    }

    /// `text` without forbidden control characters; returns `text` itself (no copy) when it has none.
    static func removing(from text: String) -> String {
        let needsWork =
            text.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
                // A tight loop over raw bytes; closures over the UTF-8 view cost several times more.
                for byte in buffer where byte < 0x20 || byte == 0x7F || byte == 0xC2 {
                    if byte != 0x09 && byte != 0x0A && byte != 0x0D { return true }
                }
                return false
            } ?? true
        guard needsWork, text.unicodeScalars.contains(where: isForbidden) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { !isForbidden($0) })
        return String(scalars)
    }
}
