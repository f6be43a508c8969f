import Foundation

// Writes a Swift file holding files of this repository (base64, sorted by path), for the
// EmbedTheme build-tool plugin.
//
//   theme-embedder OUTPUT.swift ENUM DEST=SOURCE...
//
// A SOURCE folder is taken whole, its files named DEST/relative-path (DEST may be empty); a SOURCE
// file is named DEST. Editor leftovers (`*~`, `.#*`, `#*#`, swap files, .DS_Store) are skipped.

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    FileHandle.standardError.write(Data("usage: theme-embedder OUTPUT.swift ENUM DEST=SOURCE...\n".utf8))
    exit(2)
}
let output = URL(fileURLWithPath: arguments[1])
let enumName = arguments[2]

func isLeftover(_ name: String) -> Bool {
    name == ".DS_Store" || name.hasPrefix(".#") || name.hasSuffix("~") || name.hasSuffix(".swp")
        || name.hasSuffix(".swo")
        || (name.hasPrefix("#") && name.hasSuffix("#"))
}

func files(below folder: URL) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    var paths: [String] = []
    while let path = enumerator.nextObject() as? String {
        if path.split(separator: "/").contains(where: { isLeftover(String($0)) }) { continue }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder),
            !isFolder.boolValue
        {
            paths.append(path)
        }
    }
    return paths
}

var entries: [(name: String, source: URL)] = []
for mapping in arguments.dropFirst(3) {
    guard let equals = mapping.firstIndex(of: "=") else { continue }
    let destination = String(mapping[..<equals])
    let source = URL(fileURLWithPath: String(mapping[mapping.index(after: equals)...])).standardizedFileURL
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isFolder) else {
        FileHandle.standardError.write(Data("theme-embedder: \(source.path) does not exist\n".utf8))
        exit(1)
    }
    if isFolder.boolValue {
        for path in files(below: source) {
            entries.append((destination.isEmpty ? path : destination + "/" + path, source.appendingPathComponent(path)))
        }
    } else {
        entries.append((destination, source))
    }
}

func literal(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

var text = "// Generated at build time by the EmbedTheme plugin; not committed.\n"
text += "enum \(enumName) {\n    static let files: [(path: String, base64: String)] = [\n"
for entry in entries.sorted(by: { $0.name < $1.name }) {
    let data = try Data(contentsOf: entry.source)
    text += "        (\(literal(entry.name)), \"\(data.base64EncodedString())\"),\n"
}
text += "    ]\n}\n"
if (try? String(contentsOf: output, encoding: .utf8)) != text {
    try text.write(to: output, atomically: true, encoding: .utf8)
}
