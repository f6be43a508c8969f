import Foundation
import Mustache
import Testing

@testable import NoticeKit

/// The theme as the build loads it: engine errors at the template's file with suggestions; the bundled theme.
@Suite struct TemplateSetTests {
    private func diagnostics(_ templates: [(name: String, text: String)]) -> [String] {
        do {
            _ = try TemplateLibrary(templates: templates)
            return []
        } catch {
            return error.errors.map { $0.diagnostic(path: "templates/\($0.template).mustache").description }
        }
    }

    @Test func errorsBecomeDiagnostics() {
        #expect(
            diagnostics([("notice", "\n {{#x}}")])
                == ["templates/notice.mustache:2:2: error: unclosed section 'x' opened at line 2: close it with {{/x}}"]
        )
    }

    @Test func aMissingPartialGetsTheNearestNameSuggested() {
        #expect(
            diagnostics([("home", "<main>\n  {{>partials/notice-lst}}\n</main>"), ("partials/notice-list", "x")])
                == [
                    "templates/home.mustache:2:3: error: partial 'partials/notice-lst' does not exist (did you mean 'partials/notice-list'?)"
                ])
    }

    @Test func theThemeLoads() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../templates"
        ).standardized
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".mustache") }
        try #require(!files.isEmpty)
        let templates = try files.sorted().map { file in
            (
                name: String(file.dropLast(".mustache".count)),
                text: try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            )
        }
        let library = try TemplateLibrary(templates: templates)
        for name in TemplateSet.required { #expect(library.contains(name)) }
        let page = library.render(
            "layout", ["site": ["title": "Status & Co"], "page": ["is_home": true], "content": "<p>x</p>"])
        #expect(page.contains("<title>Status &amp; Co</title>"))
        #expect(page.contains("<p>x</p>"))
    }
}
