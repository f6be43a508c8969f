import Testing

@testable import NoticeKit

/// Links between notices, to products, to headings and to files next to a notice.
@Suite struct LinkTests {
    static let target = Fixtures.notice(title: "Ziel", date: "2016-04-20", body: "Text.\n\n## Abhilfe\n\nMehr.")

    func build(_ body: String, extra: [SourceFile] = [], attachments: [SourceFile] = []) -> (
        files: [OutputFile]?, problems: [String]
    ) {
        var sources = Fixtures.sources(
            notices: [
                Fixtures.notice("2016/mail-hotmail.md", Self.target),
                Fixtures.notice("2017/quelle.md", Fixtures.notice(date: "2017-01-02", body: body)),
            ] + extra)
        sources.attachments = attachments
        let (files, diagnostics) = Fixtures.render(sources, time: BuildTime(now: 1_795_950_000), threads: 1)
        return (files, diagnostics.sorted.map(\.description))
    }

    func page(_ files: [OutputFile]?) -> String {
        files.flatMap { $0.first { $0.path == "meldungen/2017/quelle/index.html" } }.map {
            String(decoding: $0.bytes, as: UTF8.self)
        } ?? ""
    }

    @Test func linkToANoticeSourceBecomesItsPageURL() {
        let (files, problems) = build(
            "Siehe [Hotmail](../2016/mail-hotmail.md#abhilfe) und [Produkt](produkt:drkcms-v7).")
        #expect(problems == [])
        #expect(page(files).contains("<a href=\"../../../meldungen/2016/mail-hotmail/#abhilfe\">Hotmail</a>"))
        #expect(page(files).contains("<a href=\"../../../produkte/drkcms-v7/\">Produkt</a>"))
    }

    @Test func brokenLinksAreReportedWhereTheyAre() {
        let body = """
            Absatz mit [fehlt](../2016/mail-hotmal.md) und
            [Produkt](produkt:drkcms-v8) sowie [Anker](../2016/mail-hotmail.md#abhilfen).

            [Eigener Anker](#ursache) und ![Bild](bild.png)
            """
        let (_, problems) = build(body)
        #expect(
            problems == [
                "content/notices/2017/quelle.md:7:12: error: link to a notice that does not exist: 'content/notices/2016/mail-hotmal.md' (did you mean 'content/notices/2016/mail-hotmail.md'?)",
                "content/notices/2017/quelle.md:8:1: error: link to unknown product 'drkcms-v8' (did you mean 'drkcms-v7' or 'drkcms-v9'?)",
                "content/notices/2017/quelle.md:8:36: error: no heading '#abhilfen' in content/notices/2016/mail-hotmail.md (did you mean 'abhilfe'?)",
                "content/notices/2017/quelle.md:10:1: error: no heading '#ursache' in this notice",
                "content/notices/2017/quelle.md:10:31: error: image 'bild.png': no file 'content/notices/2017/bild.png' next to the notice",
            ])
    }

    @Test func linkToADraftIsAnErrorInANormalBuild() {
        let draft = Fixtures.notice("2016/entwurf.md", Fixtures.notice(extra: "draft: true\n"))
        let (_, problems) = build("Siehe [Entwurf](../2016/entwurf.md).", extra: [draft])
        #expect(
            problems == [
                "content/notices/2017/quelle.md:7:7: error: link to 'content/notices/2016/entwurf.md', which this build does not publish (a draft or scheduled notice)"
            ])
    }

    @Test func filesNextToANoticeAreCopiedBesideItsPage() {
        let folderNotice = Fixtures.notice(
            "2017/umzug/index.md",
            Fixtures.notice(date: "2017-03-01", body: "![Plan](plan.png) und [PDF](unterlagen/anleitung.pdf)"))
        let files = [
            SourceFile(path: "content/notices/2017/umzug/plan.png", bytes: [1, 2, 3]),
            SourceFile(path: "content/notices/2017/umzug/unterlagen/anleitung.pdf", bytes: [4]),
        ]
        let (output, problems) = build("Text.", extra: [folderNotice], attachments: files)
        #expect(problems == [])
        #expect(output?.first { $0.path == "meldungen/2017/umzug/plan.png" }?.bytes == [1, 2, 3])
        #expect(output?.first { $0.path == "meldungen/2017/umzug/unterlagen/anleitung.pdf" }?.bytes == [4])
        let html =
            output.flatMap { $0.first { $0.path == "meldungen/2017/umzug/index.html" } }.map {
                String(decoding: $0.bytes, as: UTF8.self)
            } ?? ""
        #expect(html.contains("<img src=\"plan.png\" alt=\"Plan\" />"))
    }

    @Test func filesOutsideTheNoticeFolderAreRefused() {
        let (_, problems) = build(
            "![Logo](../2016/logo.png)", attachments: [SourceFile(path: "content/notices/2016/logo.png", bytes: [1])])
        #expect(
            problems == [
                "content/notices/2017/quelle.md:7:1: error: '../2016/logo.png' lies outside the notice's folder; put the file next to the notice (or in a folder below it)"
            ])
    }

    @Test func templateNamesNoViewModelProvidesAreWarnedAbout() {
        let text = "<h1>{{notice.title}}</h1>\n<p>{{notice.autor}}</p>{{#notice}}{{titel}}{{/notice}}"
        #expect(
            Fixtures.problems(template: "notice", text) == [
                "templates/notice.mustache:2:4: warning: 'notice.autor' is not provided to templates ('autor' is unknown); see docs/templates.md",
                "templates/notice.mustache:2:35: warning: 'titel' is not provided to templates ('titel' is unknown) (did you mean 'title' or 'total'?); see docs/templates.md",
            ])
    }

    @Test func externalLinksAreLeftAlone() {
        let (files, problems) = build("[Web](https://example.de/x) [Mail](mailto:a@example.de) [Root](/impressum/)")
        #expect(problems == [])
        #expect(page(files).contains("href=\"https://example.de/x\""))
        #expect(page(files).contains("href=\"/impressum/\""))
    }
}
