import FlyingFox
import Foundation
import NoticeKit
import Testing

@testable import NoticeServer

/// The preview server's answers, in process: paths, content types, injection, status, long-poll.
@Suite struct PreviewHandlerTests {
    static let files = [
        OutputFile(path: "index.html", text: "<html><body><h1>Start</h1></body></html>\n"),
        OutputFile(path: "meldungen/index.html", text: "<html><BODY>Liste</BODY></html>"),
        OutputFile(path: "meldungen/2016/mail/index.html", text: "<p>Mail</p>"),
        OutputFile(path: "404.html", text: "<html><body>Nicht gefunden</body></html>"),
        OutputFile(path: "feed.xml", text: "<feed></body></feed>"),
        OutputFile(path: "produkte/drkcms/feed.xml", text: "<feed/>"),
        OutputFile(path: "sitemap.xml", text: "<urlset/>"),
        OutputFile(path: "notices.json", text: "{}"),
        OutputFile(path: "wartung.ics", text: "BEGIN:VCALENDAR"),
        OutputFile(path: "robots.txt", text: "User-agent: *"),
        OutputFile(path: "assets/style.css", text: "body{}"),
        OutputFile(path: "assets/notices.js", text: "1"),
        OutputFile(path: "ä ö/index.html", text: "<body>Umlaut</body>"),
    ]

    static func handler(files: [OutputFile]? = Self.files, diagnostics: [Diagnostic] = []) -> PreviewHandler {
        let state = PreviewState()
        state.publish(files: files, diagnostics: Diagnostics(diagnostics))
        return PreviewHandler(state: state)
    }

    static func get(_ handler: PreviewHandler, _ path: String, query: String = "", method: HTTPMethod = .GET)
        async throws
        -> (status: Int, type: String?, body: String, headers: HTTPHeaders)
    {
        let request = HTTPRequest(
            method: method, version: .http11, target: .init(path: path, query: query),
            headers: HTTPHeaders(), body: HTTPBodySequence())
        let response = try await handler.handleRequest(request)
        let body = try await response.bodyData
        return (
            response.statusCode.code, response.headers[.contentType], String(decoding: body, as: UTF8.self),
            response.headers
        )
    }

    @Test(arguments: [
        ("/", "text/html; charset=utf-8"),
        ("/meldungen/", "text/html; charset=utf-8"),
        ("/feed.xml", "application/atom+xml"),
        ("/produkte/drkcms/feed.xml", "application/atom+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/notices.json", "application/json"),
        ("/wartung.ics", "text/calendar; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/notices.js", "text/javascript; charset=utf-8"),
    ])
    func servesEachFileWithItsContentType(path: String, type: String) async throws {
        let response = try await Self.get(Self.handler(), path)
        #expect(response.status == 200)
        #expect(response.type == type)
        #expect(response.headers[.cacheControl] == "no-store")
    }

    @Test func injectsTheScriptIntoHTMLOnly() async throws {
        let handler = Self.handler()
        let page = handler.state.current.page
        let home = try await Self.get(handler, "/")
        #expect(
            home.body
                == "<html><body><h1>Start</h1><script src=\"/__notices/live.js\" data-page=\"\(page)\"></script>\n</body></html>\n"
        )
        let upper = try await Self.get(handler, "/meldungen/")
        #expect(
            upper.body
                == "<html><BODY>Liste<script src=\"/__notices/live.js\" data-page=\"\(page)\"></script>\n</BODY></html>"
        )
        let bare = try await Self.get(handler, "/meldungen/2016/mail/")
        #expect(bare.body == "<p>Mail</p><script src=\"/__notices/live.js\" data-page=\"\(page)\"></script>")
        let feed = try await Self.get(handler, "/feed.xml")
        #expect(feed.body == "<feed></body></feed>")
        #expect(!Self.files.contains { String(decoding: $0.bytes, as: UTF8.self).contains("__notices") })
    }

    @Test func foldersWithoutSlashRedirectAndUnknownPathsGetThe404Page() async throws {
        let handler = Self.handler()
        let folder = try await Self.get(handler, "/meldungen/2016/mail")
        #expect(folder.status == 301)
        #expect(folder.headers[.location] == "/meldungen/2016/mail/")
        let missing = try await Self.get(handler, "/gibt/es/nicht")
        #expect(missing.status == 404)
        #expect(missing.type == "text/html; charset=utf-8")
        #expect(missing.body.hasPrefix("<html><body>Nicht gefunden<script src=\"/__notices/live.js\""))
        let encoded = try await Self.get(handler, "/%C3%A4%20%C3%B6/")
        #expect(encoded.status == 200 && encoded.body.hasPrefix("<body>Umlaut"))
        let escape = try await Self.get(handler, "/assets/../404.html")
        #expect(escape.status == 400)
        let head = try await Self.get(handler, "/", method: .HEAD)
        #expect(head.status == 200 && head.body.isEmpty)
        let post = try await Self.get(handler, "/", method: .POST)
        #expect(post.status == 405)
    }

    @Test func withoutA404PageTheAnswerIsPlain() async throws {
        let handler = Self.handler(files: [OutputFile(path: "index.html", text: "<body></body>")])
        let missing = try await Self.get(handler, "/nichts")
        #expect(missing.status == 404)
        #expect(missing.type == "text/plain; charset=utf-8")
        #expect(missing.body == "404 Not Found: /nichts\n")
    }

    @Test func aFailedBuildKeepsTheLastGoodSiteAndReportsItsErrors() async throws {
        let handler = Self.handler()
        let error = Diagnostic.error(
            .yamlUnreadable, ["detail": "'date' must be a date (found 'nie')"],
            at: SourceLocation(path: "content/notices/2016/mail.md", line: 3, column: 7))
        let warning = Diagnostic.warning(
            .yamlUnreadable, ["detail": "Hinweis"],
            at: SourceLocation(path: "content/notices/2016/a.md", line: 6, column: 9))
        handler.state.publish(files: nil, diagnostics: Diagnostics([error, warning]))
        let page = try await Self.get(handler, "/meldungen/2016/mail/")
        #expect(page.status == 200 && page.body.hasPrefix("<p>Mail</p>"))
        #expect(page.body.contains("data-page=\"\(handler.state.current.page)\""))
        let status = try await Self.get(handler, "/__notices/status")
        #expect(status.type == "application/json")
        let decoded = try JSONDecoder().decode(PreviewState.Status.self, from: Data(status.body.utf8))
        #expect(decoded.build == 2 && decoded.site == 1)
        #expect(
            decoded.errors == [
                "content/notices/2016/mail.md:3:7: error: YAML could not be read: 'date' must be a date (found 'nie') [yaml-unreadable]"
            ])
        #expect(
            decoded.warnings == [
                "content/notices/2016/a.md:6:9: warning: YAML could not be read: Hinweis [yaml-unreadable]"
            ])

        handler.state.publish(files: Self.files, diagnostics: Diagnostics())
        let fixed = handler.state.current
        #expect(fixed.build == 3 && fixed.site == 3 && fixed.errors.isEmpty && fixed.page != decoded.page)
    }

    @Test func beforeAnyGoodBuildEveryPageListsTheErrors() async throws {
        let error = Diagnostic.error(
            .yamlUnreadable, ["detail": "<script>alert(1)</script>"],
            at: SourceLocation(path: "content/products.yml", line: 1, column: 1))
        let handler = Self.handler(files: nil, diagnostics: [error])
        let page = try await Self.get(handler, "/irgendwo/")
        #expect(page.status == 503)
        #expect(
            page.body.contains(
                "<li>content/products.yml:1:1: error: YAML could not be read: &lt;script&gt;alert(1)&lt;/script&gt; [yaml-unreadable]</li>"
            ))
        #expect(
            page.body.contains(
                "<script src=\"/__notices/live.js\" data-page=\"\(handler.state.current.page)\"></script>"))
    }

    @Test func eventsAnswerAtOnceForAnOldBuildAndWaitForANewOne() async throws {
        var handler = Self.handler()
        // Far above the wait below: an answer before it comes from the publish, not the timeout,
        // even when parallel tests keep both cores busy for seconds.
        handler.longPoll = .seconds(60)
        let immediate = try await Self.get(handler, "/__notices/events", query: "since=-1")
        #expect(try JSONDecoder().decode(PreviewState.Status.self, from: Data(immediate.body.utf8)).build == 1)

        let started = Date()
        let state = handler.state
        Task.detached {
            try await Task.sleep(for: .milliseconds(100))
            state.publish(files: Self.files, diagnostics: Diagnostics())
        }
        let waited = try await Self.get(handler, "/__notices/events", query: "since=1")
        #expect(try JSONDecoder().decode(PreviewState.Status.self, from: Data(waited.body.utf8)).build == 2)
        #expect(Date().timeIntervalSince(started) < 30)

        var short = handler
        short.longPoll = .milliseconds(50)
        let timedOut = try await Self.get(short, "/__notices/events", query: "since=2")
        #expect(try JSONDecoder().decode(PreviewState.Status.self, from: Data(timedOut.body.utf8)).build == 2)

        state.stop()
        let afterStop = try await Self.get(handler, "/__notices/events", query: "since=2")
        #expect(afterStop.status == 200)
    }

    @Test func theScriptSetsTextNeverMarkup() async throws {
        let script = try await Self.get(Self.handler(), "/__notices/live.js")
        #expect(script.type == "text/javascript; charset=utf-8")
        #expect(script.body.contains("textContent"))
        #expect(!script.body.contains("innerHTML"))
        #expect(!script.body.contains("insertAdjacentHTML"))
        #expect(script.body.contains("/__notices/events?since="))
        #expect(script.body.contains("location.reload()"))
    }
}
