import Foundation

// Writes a Swift file holding every file below a theme folder (base64, sorted by path), for the
// EmbedTheme build-tool plugin. Usage: theme-embedder TEMPLATES-FOLDER OUTPUT.swift

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: theme-embedder TEMPLATES-FOLDER OUTPUT.swift\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[1]).standardizedFileURL
let output = URL(fileURLWithPath: arguments[2])

func relativePaths(below folder: URL) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    var paths: [String] = []
    while let path = enumerator.nextObject() as? String {
        let name = (path as NSString).lastPathComponent
        if name.hasPrefix(".") || name.hasSuffix("~") { continue }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder), !isFolder.boolValue {
            paths.append(path)
        }
    }
    return paths.sorted()
}

var text = "// Generated at build time by the EmbedTheme plugin from templates/; not committed.\n"
text += "enum EmbeddedThemeData {\n    static let files: [(path: String, base64: String)] = [\n"
for path in relativePaths(below: folder) {
    let data = try Data(contentsOf: folder.appendingPathComponent(path))
    let literal = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    text += "        (\"templates/\(literal)\", \"\(data.base64EncodedString())\"),\n"
}
text += "    ]\n}\n"
let existing = try? String(contentsOf: output, encoding: .utf8)
if existing != text {
    try text.write(to: output, atomically: true, encoding: .utf8)
}
