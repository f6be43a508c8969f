import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real `notices serve` on a free port: edits are served, a broken edit shows its errors while
/// the last good page stays, the fix is served, and Ctrl-C (SIGINT) ends it with status 0.
@Suite(.serialized) struct ServeEndToEndTests {
    static let catalog =
        "- { id: drkcms-v7, name: DRKCMS v7, since: 2017 }\n- { id: drkcms-v9, name: DRKCMS v9, since: 2019 }\n"

    static func notice(date: String = "2020-01-02", body: String) -> String {
        "---\ntitle: Mailserver\ndate: \(date)\ncategory: stoerung\nproducts: [drkcms-v7]\n---\n\(body)\n"
    }

    /// A running `notices serve`, stopped with SIGINT by `stop()` or, failing that, at deinit.
    final class Server {
        let process = Process()
        let stdout: OutputCollector
        let stderr: OutputCollector
        private(set) var client = HTTPTestClient(port: 0)

        init(site: URL, extra: [String] = []) throws {
            process.executableURL = productsFolder.appendingPathComponent("notices")
            process.arguments = ["serve", "--site", site.path, "--port", "0"] + extra
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            stdout = OutputCollector(out)
            stderr = OutputCollector(err)
            try process.run()
        }

        deinit {
            if process.isRunning { process.terminate() }
        }

        /// Waits for `notices: serving http://127.0.0.1:PORT/` on standard output.
        func waitUntilServing() async throws -> String {
            var url: String?
            _ = try await eventually(timeout: 60) {
                url = stdout.text.split(separator: "\n").first { $0.hasPrefix("notices: serving ") }
                    .map { String($0.dropFirst("notices: serving ".count)) }
                return url != nil || !process.isRunning
            }
            let found = try #require(url, "no URL on standard output; stderr: \(stderr.text)")
            let port = try #require(
                found.split(separator: ":").last.flatMap {
                    UInt16($0.trimmingCharacters(in: CharacterSet(charactersIn: "/")))
                })
            client = HTTPTestClient(port: port)
            return found
        }

        /// Sends SIGINT and returns the exit status (nil when it did not stop within 5 s).
        func interrupt() async throws -> Int32? {
            kill(process.processIdentifier, SIGINT)
            guard try await eventually(timeout: 5, { !process.isRunning }) else { return nil }
            return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
        }

        func status() throws -> [String: Any] {
            let response = try client.get("/__notices/status")
            return try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
        }
    }

    @Test(arguments: [false, true])
    func editsAreServedErrorsShownAndSIGINTStops(polling: Bool) async throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", Self.catalog)
        try site.write("content/notices/2020/mail.md", Self.notice(body: "Erster Stand der Meldung."))
        try site.copyTheme()
        let server = try Server(site: site.url, extra: polling ? ["--poll"] : [])
        let url = try await server.waitUntilServing()
        #expect(url.hasPrefix("http://127.0.0.1:"))

        let page = "/meldungen/2020/mail/"
        let first = try server.client.get(page)
        #expect(first.status == 200)
        #expect(first.headers["content-type"] == "text/html; charset=utf-8")
        #expect(first.body.contains("Erster Stand der Meldung."))
        #expect(first.body.contains("<script src=\"/__notices/live.js\" data-page=\""))
        #expect(
            first.body.range(of: "<script src=\"/__notices/live.js\"")!.lowerBound
                < first.body.range(of: "</body>", options: .backwards)!.lowerBound)
        let script = try server.client.get("/__notices/live.js")
        #expect(script.status == 200 && script.headers["content-type"] == "text/javascript; charset=utf-8")

        // An edit is served without restarting anything.
        try site.write("content/notices/2020/mail.md", Self.notice(body: "Zweiter Stand der Meldung."))
        #expect(
            try await eventually { try server.client.get(page).body.contains("Zweiter Stand der Meldung.") },
            "stderr: \(server.stderr.text)")

        // A broken edit: the errors are reported, the last good page stays.
        try site.write("content/notices/2020/mail.md", Self.notice(date: "nie", body: "Kaputter Stand."))
        #expect(
            try await eventually { !((try server.status()["errors"] as? [String]) ?? []).isEmpty },
            "stderr: \(server.stderr.text)")
        let status = try server.status()
        #expect(
            status["errors"] as? [String] == [
                "content/notices/2020/mail.md:3:7: error: 'date' muss ein Datum sein wie 2016-04-20 oder 2016-04-20T09:30:00+02:00 (gefunden: 'nie') [ungueltiges-datum]"
            ])
        #expect((status["build"] as? Int ?? 0) > (status["site"] as? Int ?? 0))
        let stale = try server.client.get(page)
        #expect(stale.status == 200)
        #expect(stale.body.contains("Zweiter Stand der Meldung."))
        #expect(!stale.body.contains("Kaputter Stand."))
        #expect(server.stderr.text.contains("content/notices/2020/mail.md:3:7: error: 'date' muss ein Datum sein"))
        #expect(
            server.stderr.text.contains("notices: 1 Fehler; der Browser zeigt weiter den letzten fehlerfreien Stand\n"))
        #expect(
            status["heading"] as? String
                == "Fehler in der letzten Änderung (1). Angezeigt wird der letzte fehlerfreie Stand.")
        // Timings are for profiling: only with NOTICES_TIMINGS=1.
        #expect(!server.stderr.text.contains(" ms"))

        // The fix is served and the errors are gone.
        try site.write("content/notices/2020/mail.md", Self.notice(body: "Dritter Stand der Meldung."))
        #expect(
            try await eventually { try server.client.get(page).body.contains("Dritter Stand der Meldung.") },
            "stderr: \(server.stderr.text)")
        #expect(try server.status()["errors"] as? [String] == [])

        // A new notice in a new year folder appears too.
        try site.write("content/notices/2021/neu.md", Self.notice(date: "2021-03-04", body: "Eine neue Meldung."))
        #expect(
            try await eventually { try server.client.get("/meldungen/2021/neu/").status == 200 },
            "stderr: \(server.stderr.text)")

        #expect(try await server.interrupt() == 0, "stderr: \(server.stderr.text)")
        #expect(server.stderr.text.hasSuffix("notices: stopped\n"))
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public").path))
    }

    /// An editor's first image: a notice folder with an image and a PDF, and a single-file notice
    /// with an image beside it, previewed exactly as `build` publishes them.
    @Test func previewsNoticesWithImagesAndPDFs() async throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", Self.catalog)
        try site.write(
            "content/notices/2026/umzug/index.md",
            Self.notice(date: "2026-03-01", body: "![Plan](plan.png)\n\n[Anleitung](unterlagen/anleitung.pdf)"))
        try site.write("content/notices/2026/umzug/plan.png", "PNG-plan")
        try site.write("content/notices/2026/umzug/unterlagen/anleitung.pdf", "%PDF-anleitung")
        try site.write(
            "content/notices/2026/wartung.md", Self.notice(date: "2026-03-02", body: "![Ablauf](ablauf.png)"))
        try site.write("content/notices/2026/ablauf.png", "PNG-ablauf")
        try site.copyTheme()
        let server = try Server(site: site.url)
        _ = try await server.waitUntilServing()
        #expect(try server.status()["errors"] as? [String] == [], "stderr: \(server.stderr.text)")

        let page = try server.client.get("/meldungen/2026/umzug/")
        #expect(page.status == 200)
        #expect(page.body.contains("src=\"plan.png\""))
        #expect(page.body.contains("href=\"unterlagen/anleitung.pdf\""))
        let image = try server.client.get("/meldungen/2026/umzug/plan.png")
        #expect(image.status == 200 && image.body == "PNG-plan")
        #expect(image.headers["content-type"] == "image/png")
        let pdf = try server.client.get("/meldungen/2026/umzug/unterlagen/anleitung.pdf")
        #expect(pdf.status == 200 && pdf.body == "%PDF-anleitung")
        #expect(pdf.headers["content-type"] == "application/pdf")
        #expect(try server.client.get("/meldungen/2026/wartung/").status == 200)
        let beside = try server.client.get("/meldungen/2026/wartung/ablauf.png")
        #expect(beside.status == 200 && beside.body == "PNG-ablauf")

        // A new image added while serving is picked up like a notice edit.
        try site.write(
            "content/notices/2026/umzug/index.md",
            Self.notice(date: "2026-03-01", body: "![Plan](plan.png)\n\n![Neu](neu.png)"))
        try site.write("content/notices/2026/umzug/neu.png", "PNG-neu")
        #expect(
            try await eventually { try server.client.get("/meldungen/2026/umzug/neu.png").body == "PNG-neu" },
            "stderr: \(server.stderr.text)")
        #expect(try await server.interrupt() == 0)
    }

    @Test func aSiteThatNeverBuiltShowsItsErrorsUntilFixed() async throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", Self.catalog)
        try site.write("content/notices/2020/mail.md", Self.notice(date: "nie", body: "Text <b>fett</b>."))
        try site.copyTheme()
        let server = try Server(site: site.url)
        _ = try await server.waitUntilServing()
        let failing = try server.client.get("/")
        #expect(failing.status == 503)
        #expect(failing.body.contains("content/notices/2020/mail.md:3:7: error: &#39;date&#39; muss ein Datum sein"))
        #expect(
            failing.body.contains("<html lang=\"de\">")
                && failing.body.contains("Die Website konnte nicht erstellt werden"))
        // No good build yet: the error box must not claim a last good state.
        let status = try server.status()
        #expect((status["heading"] as? String)?.contains("noch nicht fehlerfrei") == true)
        #expect((status["heading"] as? String)?.contains("letzte fehlerfreie") == false)
        #expect(server.stderr.text.contains("notices: 1 Fehler; der Browser zeigt sie, bis sie behoben sind\n"))
        #expect(failing.body.contains("/__notices/live.js"))
        try site.write("content/notices/2020/mail.md", Self.notice(body: "Jetzt geht es."))
        #expect(try await eventually { try server.client.get("/").status == 200 }, "stderr: \(server.stderr.text)")
        #expect(try await server.interrupt() == 0)
    }

    @Test func refusesAHostThatIsNoAddress() async throws {
        let site = try TemporarySite()
        try site.write("content/products.yml", Self.catalog)
        try site.copyTheme()
        let server = try Server(site: site.url, extra: ["--host", "example.org"])
        #expect(try await eventually(timeout: 30) { !server.process.isRunning })
        #expect(server.process.terminationStatus == 1)
        #expect(
            server.stderr.text.contains(
                "notices: error: --host must be an IP address such as 127.0.0.1 or ::1 (found 'example.org')"))
    }
}
