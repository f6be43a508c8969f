import Foundation
import Testing

@testable import NoticeKit

/// The declared names (`ViewKey`) are the names the view models provide: the compiler holds the
/// view models to the list, and this test holds the list to what the pages of the bundled site
/// carry, so no name is declared that no page provides.
@Suite struct TemplateVocabularyTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everyDeclaredNameIsProvidedBySomePage() throws {
        var sources = SiteReader(root: Self.repository).read()
        // The bundled site offers no e-mail sign-up, whose address the subscribe pages show.
        let settings = try #require(sources.settings)
        sources.settings = SourceFile(
            path: settings.path, bytes: settings.bytes + Array("\nemail_signup: info@example.org\n".utf8))
        let prepared = Build.prepare(
            sources, options: Build.Options(time: BuildTime(now: 1_795_950_000), purpose: .serving, threads: 2))
        #expect(prepared.diagnostics.sorted.isEmpty, "\(prepared.diagnostics.sorted.map(\.description))")
        let plan = try #require(prepared.plan)
        // `content` is set around each page when it is rendered: the page inside the layout.
        var provided: Set<String> = [ViewKey.content.rawValue]
        for job in plan.pageJobs {
            TemplateVocabulary.collectKeys(.object(job.context()), into: &provided)
        }
        #expect(TemplateVocabulary.pages.subtracting(provided).sorted() == [])
    }

    @Test func aNameNoViewModelProvidesIsAWarningAtItsUse() {
        let problems = Fixtures.problems(template: "home", "{{#notices}}{{titel}}{{/notices}}")
        #expect(
            problems == [
                "templates/home.mustache:1:13: warning: 'titel' is not provided to templates ('titel' is unknown) (did you mean 'title' or 'total'?); see docs/templates.md"
            ])
    }
}
