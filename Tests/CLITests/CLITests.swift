import Foundation
import Testing

/// Runs the real `notices` binary on sites in temporary folders.
@Suite struct CLITests {
    @Test func brokenNoticeFailsWithSortedDiagnosticsAndWritesNothing() throws {
        let site = try TemporarySite()
        try site.write(
            "content/products.yml",
            "- { id: drkcms-v7, name: DRKCMS v7, since: 2017 }\n- { id: drkcms-v9, name: DRKCMS v9, since: 2019 }\n")
        try site.write(
            "content/notices/2016/b.md",
            "---\ntitle: B\ndate: April\ncategory: info\nproducts: [drkcms-v8]\n---\nText\n")
        try site.write("content/notices/2016/a.md", "---\ntitle: [kaputt\n---\n")
        // An English site gets English messages (German ones: EditorCommandTests).
        try site.write("content/site.yml", "language: en\n")
        try site.copyTheme()
        let result = try run(["build", "--site", site.url.path])
        #expect(result.status == 1)
        #expect(
            result.stderr == """
                content/notices/2016/a.md:3:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 2) [yaml-syntax]
                content/notices/2016/b.md:3:7: error: 'date' must be a date like 2016-04-20 or 2016-04-20T09:30:00+02:00 (found 'April') [bad-date]
                content/notices/2016/b.md:5:12: error: unknown product 'drkcms-v8' (did you mean 'drkcms-v7' or 'drkcms-v9'?); see content/products.yml [unknown-product]
                3 errors

                """)
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public").path))
    }

    @Test func failedBuildLeavesThePublishedSiteUntouched() throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", "- { id: x, name: X }\n")
        try site.write(
            "content/notices/2020/a.md", "---\ntitle: A\ndate: 2020-01-02\ncategory: info\nproducts: [x]\n---\nText\n")
        try site.copyTheme()
        #expect(try run(["build", "--site", site.url.path]).status == 0)
        let page = site.url.appendingPathComponent("public/meldungen/2020/a/index.html")
        let before = try Data(contentsOf: page)
        try site.write(
            "content/notices/2020/a.md", "---\ntitle: A\ndate: nie\ncategory: info\nproducts: [x]\n---\nNeu\n")
        #expect(try run(["build", "--site", site.url.path]).status == 1)
        #expect(try Data(contentsOf: page) == before)
    }

    @Test func buildWritesTheSiteAndReportsTheCount() throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", "- { id: x, name: X }\n")
        try site.write(
            "content/notices/2020/a.md", "---\ntitle: A\ndate: 2020-01-02\ncategory: info\nproducts: [x]\n---\nText\n")
        try site.copyTheme()
        let output = site.url.appendingPathComponent("elsewhere")
        let result = try run(["build", "--site", site.url.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains(" Dateien nach "))
        #expect(
            FileManager.default.fileExists(atPath: output.appendingPathComponent("meldungen/2020/a/index.html").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("assets/style.css").path))
    }

    @Test(arguments: [("https://example.de/hilfe/", true), ("https://hilfe.example.de/", false)])
    func aSubPathBaseURLSaysWhereRobotsTxtIsNotRead(baseURL: String, notes: Bool) throws {
        let site = try TemporarySite()
        try site.write("content/site.yml", "base_url: \(baseURL)\n")
        try site.write("content/products.yml", "- { id: x, name: X }\n")
        try site.write(
            "content/notices/2020/a.md", "---\ntitle: A\ndate: 2020-01-02\ncategory: info\nproducts: [x]\n---\nText\n")
        try site.copyTheme()
        let result = try run([
            "build", "--site", site.url.path, "--output", site.url.appendingPathComponent("out").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "ergänzen Sie 'Sitemap: https://example.de/hilfe/sitemap.xml' in der robots.txt im Wurzelverzeichnis des Servers"
            ) == notes,
            "\(result.stderr)")
    }

    @Test(arguments: ["content", ".", "templates"])
    func refusesToBuildIntoFoldersItDoesNotOwn(output: String) throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", "- { id: x, name: X }\n")
        try site.copyTheme()
        let result = try run([
            "build", "--site", site.url.path, "--output", site.url.appendingPathComponent(output).path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("wird nicht gebaut"))
        #expect(FileManager.default.fileExists(atPath: site.url.appendingPathComponent("content/products.yml").path))
    }

    @Test func refusesANonEmptyForeignFolder() throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", "- { id: x, name: X }\n")
        try site.write("public/wichtig.txt", "nicht löschen")
        try site.copyTheme()
        let result = try run(["build", "--site", site.url.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nicht leer und stammt nicht von notices"))
        #expect(FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public/wichtig.txt").path))
    }

    @Test func versionIsPrinted() throws {
        let result = try run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("notices "))
    }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The `notices` binary next to the test bundle (`swift build` puts both in the same folder).
func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = productsFolder.appendingPathComponent("notices")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self))
}

let productsFolder: URL = {
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("notices").path) {
        url.deleteLastPathComponent()
    }
    return url
}()

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A site folder in the temporary directory, removed when the test ends.
final class TemporarySite {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("notices-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func copyTheme() throws {
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("templates"), to: url.appendingPathComponent("templates"))
    }
}
