import Foundation
import Testing
@testable import NoticeKit

@Suite struct PublishingTests {
    @Test func outputPathsStayInsideTheOutputFolder() {
        for path in ["index.html", "meldungen/2016/mail/index.html", "a/.well-known/x", "a/.../b", "..x/y", "x.."] {
            #expect(OutputPathCheck.isContained(path), "\(path)")
        }
        for path in ["", "/etc/passwd", "../x", "a/../b", "a/./b", "a//b", "a/", "./a", ".", "..", "a\\b", "a\u{0}b", "a/.."] {
            #expect(!OutputPathCheck.isContained(path), "\(path)")
        }
    }

    @Test func writesNestedFoldersAndRefusesAPathOutside() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("notices-publish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let output = root.appendingPathComponent("public")
        let files = [OutputFile(path: "a/b/c/index.html", text: "c"), OutputFile(path: "a/index.html", text: "a"),
                     OutputFile(path: "a/b/x.json", text: "x"), OutputFile(path: "robots.txt", text: "r")]
        try Publisher(siteRoot: root, output: output).publish(files)
        for file in files {
            #expect(try String(contentsOf: output.appendingPathComponent(file.path), encoding: .utf8) == String(decoding: file.bytes, as: UTF8.self))
        }
        #expect(throws: Diagnostic.self) {
            try Publisher(siteRoot: root, output: output).publish([OutputFile(path: "a/../../escape.html", text: "x")])
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("escape.html").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("a/b/c/index.html").path))
    }
}
