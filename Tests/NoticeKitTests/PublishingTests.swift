import Foundation
import Testing

@testable import NoticeKit

@Suite struct PublishingTests {
    @Test func outputPathsStayInsideTheOutputFolder() {
        for path in ["index.html", "meldungen/2016/mail/index.html", "a/.well-known/x", "a/.../b", "..x/y", "x.."] {
            #expect(OutputPathCheck.isContained(path), "\(path)")
        }
        for path in [
            "", "/etc/passwd", "../x", "a/../b", "a/./b", "a//b", "a/", "./a", ".", "..", "a\\b", "a\u{0}b", "a/..",
        ] {
            #expect(!OutputPathCheck.isContained(path), "\(path)")
        }
    }

    @Test func writesNestedFoldersAndRefusesAPathOutside() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("notices-publish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let output = root.appendingPathComponent("public")
        let files = [
            OutputFile(path: "a/b/c/index.html", text: "c"), OutputFile(path: "a/index.html", text: "a"),
            OutputFile(path: "a/b/x.json", text: "x"), OutputFile(path: "robots.txt", text: "r"),
        ]
        try Publisher(siteRoot: root, output: output).publish(files)
        for file in files {
            #expect(
                try String(contentsOf: output.appendingPathComponent(file.path), encoding: .utf8)
                    == String(decoding: file.bytes, as: UTF8.self))
        }
        #expect(throws: Diagnostic.self) {
            try Publisher(siteRoot: root, output: output).publish([OutputFile(path: "a/../../escape.html", text: "x")])
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("escape.html").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("a/b/c/index.html").path))
    }

    @Test func aRebuildKeepsUnchangedFilesAndReplacesChangedOnes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("notices-publish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let output = root.appendingPathComponent("public")
        let publisher = Publisher(siteRoot: root, output: output)
        func inode(_ path: String) throws -> UInt64 {
            try #require(
                FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(path).path)[
                    .systemFileNumber] as? UInt64)
        }
        try publisher.publish([
            OutputFile(path: "a/index.html", text: "same"), OutputFile(path: "b/index.html", text: "old"),
            OutputFile(path: "c.txt", text: ""),
        ])
        let before = try (inode("a/index.html"), inode("b/index.html"), inode("c.txt"))
        try publisher.publish([
            OutputFile(path: "a/index.html", text: "same"), OutputFile(path: "b/index.html", text: "new"),
            OutputFile(path: "c.txt", text: ""), OutputFile(path: "d.txt", text: "added"),
        ])
        #expect(try inode("a/index.html") == before.0)
        #expect(try inode("c.txt") == before.2)
        #expect(try inode("b/index.html") != before.1)
        #expect(try String(contentsOf: output.appendingPathComponent("b/index.html"), encoding: .utf8) == "new")
        #expect(try String(contentsOf: output.appendingPathComponent("d.txt"), encoding: .utf8) == "added")
        // Same length, other bytes: written anew.
        try publisher.publish([OutputFile(path: "a/index.html", text: "SAME")])
        #expect(try String(contentsOf: output.appendingPathComponent("a/index.html"), encoding: .utf8) == "SAME")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("b/index.html").path))
    }

    @Test func replacingASiteNeverFollowsALinkOutOfIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("notices-publish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = root.appendingPathComponent("keep")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: outside.appendingPathComponent("file.txt"))
        let output = root.appendingPathComponent("public")
        let publisher = Publisher(siteRoot: root, output: output)
        try publisher.publish([OutputFile(path: "index.html", text: "1")])
        try FileManager.default.createSymbolicLink(
            at: output.appendingPathComponent("link"), withDestinationURL: outside)
        try publisher.publish([OutputFile(path: "index.html", text: "2")])
        #expect(try String(contentsOf: outside.appendingPathComponent("file.txt"), encoding: .utf8) == "precious")
        #expect(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8) == "2")
    }
}
