import Testing

@testable import NoticeKit

/// How a problem prints when it has a line, only a file, or no file at all, and how `--strict`
/// escalates warnings.
@Suite struct DiagnosticTests {
    static let atLine = Diagnostic.error(
        .catalogNotAList, at: SourceLocation(path: "content/products.yml", line: 3, column: 5))
    static let wholeFile = Diagnostic.error(.catalogEmpty, at: SourceLocation(path: "content/products.yml"))
    static let nowhere = Diagnostic.error(.outputClash, ["path": "index.html"], at: nil)

    @Test func aWholeFileHasNoInventedLineAndNoFileHasTheProgramsName() {
        #expect(Self.atLine.line(in: .english).hasPrefix("content/products.yml:3:5: error: "))
        #expect(Self.wholeFile.line(in: .english).hasPrefix("content/products.yml: error: "))
        #expect(Self.nowhere.line(in: .english).hasPrefix("notices: error: "))
        #expect(Self.nowhere.description.hasPrefix("notices: error: "))
        #expect(!Self.wholeFile.line(in: .english).contains(":1:1"))
    }

    @Test func annotationsGiveGitHubOnlyThePlaceTheyKnow() {
        #expect(GitHubAnnotations.line(for: Self.atLine).hasPrefix("::error file=content/products.yml,line=3,col=5::"))
        #expect(
            GitHubAnnotations.line(for: Self.wholeFile, pathPrefix: "site/").hasPrefix(
                "::error file=site/content/products.yml::"))
        #expect(GitHubAnnotations.line(for: Self.nowhere).hasPrefix("::error::"))
    }

    @Test func problemsWithoutAFileComeFirstThenAWholeFileBeforeItsLines() {
        let later = Diagnostic.error(.catalogNotAList, at: SourceLocation(path: "content/site.yml", line: 1, column: 1))
        let sorted = Diagnostics([later, Self.atLine, Self.wholeFile, Self.nowhere, Self.atLine]).sorted
        #expect(sorted == [Self.nowhere, Self.wholeFile, Self.atLine, later])
    }

    @Test func strictEscalatesWarningsOnlyForTheVerdict() {
        let warning = Diagnostic.warning(
            .tablesLeftOut, ["limit": .number(1)], at: SourceLocation(path: "a.md", line: 2, column: 1))
        let warnings = Diagnostics([warning])
        #expect(!warnings.hasErrors)
        #expect(!warnings.hasErrors(strict: false))
        #expect(warnings.hasErrors(strict: true))
        #expect(Diagnostics().hasErrors(strict: true) == false)
        #expect(warning.severity.escalated(strict: true) == .error)
        #expect(warning.severity.escalated(strict: false) == .warning)
        // The printed line keeps its own severity.
        #expect(warning.line(in: .english).hasPrefix("a.md:2:1: warning: "))
    }

    @Test func aProducerSharingItsCallersSinkJudgesOnlyItsOwnProblems() {
        var diagnostics = Diagnostics([Self.nowhere])
        let config = NotifyConfig.load(
            SourceFile(
                path: "content/notify.yml",
                text: "channels:\n  - name: a\n    products: [all]\n    webhook_env: HOOK\n    format: slack\n"),
            catalog: Catalog(products: []), into: &diagnostics)
        #expect(config != nil)
        #expect(diagnostics.all == [Self.nowhere])
    }

    @Test func everyReadOfAMappingLandsInTheCallersSink() {
        var diagnostics = Diagnostics()
        let value = YAMLValue.scalar("x", .string, SourceLocation(path: "a.yml", line: 1, column: 1))
        let reader = MappingReader(value, context: MessageArgument(.contextSiteSettings), into: &diagnostics)
        _ = reader.string("title", required: true, into: &diagnostics)
        #expect(diagnostics.all.map(\.text.code) == [.notAMapping, .missingKey])
    }
}
