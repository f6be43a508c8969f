import Testing

@testable import NoticeKit

@Suite struct StringLengthTests {
    @Test(arguments: ["", "a", "Grüße", "e\u{301}e\u{301}", "🇩🇪🇩🇪🇩🇪", String(repeating: "x", count: 1_300)])
    func hasAtLeastAgreesWithCount(text: String) {
        for limit in 0...(text.count + 2) {
            #expect(text.hasAtLeast(limit) == (text.count >= limit), "\(limit)")
        }
        #expect(text.hasAtLeast(1_201) == (text.count >= 1_201))
    }
}
