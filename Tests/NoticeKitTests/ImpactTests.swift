import Testing

@testable import NoticeKit

@Suite struct ImpactTests {
    private func impact(category: String, extra: String = "") throws -> Impact? {
        let site = try Fixtures.site([Fixtures.notice("2016/a.md", Fixtures.notice(category: category, extra: extra))])
        return site.notices[0].lifecycle.impact
    }

    @Test func disruptionsAndSecurityNoticesDefaultToMajor() throws {
        #expect(try impact(category: "stoerung") == .major)
        #expect(try impact(category: "sicherheit") == .major)
    }

    @Test(arguments: Impact.allCases)
    func eachValueIsRead(value: Impact) throws {
        #expect(try impact(category: "stoerung", extra: "impact: \(value.rawValue)\n") == value)
    }

    @Test func otherCategoriesHaveNone() throws {
        #expect(try impact(category: "wartung") == nil)
        #expect(try impact(category: "info") == nil)
    }

    @Test func aWrongValueIsRefusedWithWhatEachMeans() {
        let problems = Fixtures.problems(Fixtures.notice(extra: "impact: schwer\n"))
        #expect(
            problems == [
                "content/notices/2016/test.md:6:9: error: unknown impact 'schwer'; use one of 'minor' (some customers or features, work goes on), 'major' (many customers cannot work as usual; the default), 'critical' (a product is down for everyone)"
            ])
        #expect(
            Fixtures.problems(Fixtures.notice(extra: "impact: Major\n")).first?.contains(
                "(did you mean 'major'? values are lower-case)") == true)
        #expect(
            Fixtures.problems(Fixtures.notice(extra: "impact: critcal\n")).first?.contains("(did you mean 'critical'?)")
                == true)
    }

    @Test func aGermanSiteExplainsTheValuesInGerman() {
        let problems = MessageCatalogTests.germanProblems(Fixtures.notice(extra: "impact: schwer\n"))
        #expect(
            problems == [
                "content/notices/2016/test.md:6:9: error: unbekannte Auswirkung 'schwer'; möglich sind 'minor' (einige Kunden oder Funktionen betroffen, die Arbeit geht weiter), 'major' (viele Kunden können nicht wie gewohnt arbeiten; die Voreinstellung), 'critical' (ein Produkt ist für alle ausgefallen) [unbekannte-auswirkung]"
            ])
    }

    /// The explanations are catalog texts: each language must name every value.
    @Test(arguments: [MessageCatalog.english, MessageCatalog.german])
    func theExplanationsNameEveryValue(catalog: MessageCatalog) {
        let text = Message(.impactChoices).text(in: catalog)
        for value in Impact.allCases { #expect(text.contains("'\(value.rawValue)' (")) }
    }

    @Test func impactOnAnotherCategoryIsRefused() {
        let problems = Fixtures.problems(Fixtures.notice(category: "wartung", extra: "impact: minor\n"))
        #expect(
            problems == [
                "content/notices/2016/test.md:6:9: error: 'impact' applies only to the categories 'stoerung' and 'sicherheit' (found category 'wartung'); remove 'impact', or choose one of those categories if this notice reports a disruption"
            ])
    }

    @Test func valuesAreOrderedBySeverity() {
        #expect(Impact.minor < .major && Impact.major < .critical)
    }
}
