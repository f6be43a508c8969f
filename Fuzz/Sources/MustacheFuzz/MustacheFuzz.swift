// libFuzzer entry point for the Mustache engine alone (no notices, no Markdown).
//
// Input bytes (see docs/fuzzing.md), decoded as UTF-8 with replacement:
//   no NUL byte     the whole input is template "t"
//   NUL bytes       template "t" NUL partial "p" NUL partial "q" (the rest, NULs included)
// Loading may refuse the templates (that is fine: errors are values). When it accepts them, "t"
// is rendered against a fixed context with strings that need escaping, nested objects, lists,
// falsey values and bytes, twice: both renderings must be equal (rendering is pure).
//
// Build: swift build -c release --package-path Fuzz --product MustacheFuzz
//        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import Mustache

private let context: TemplateValue = [
    "title": "Störung <b>&\"'",
    "empty": "",
    "zero": 0,
    "yes": true,
    "no": false,
    "nothing": .null,
    "bytes": .utf8(Array("<p>vorgerendert</p>".utf8)),
    "items": [["name": "a", "items": [["name": "tief"]]], ["name": "b <i>"], "plain"],
    "none": [],
    "page": ["title": "Seite", "t": ["labels": ["since": "ab"]]],
]

@_cdecl("LLVMFuzzerTestOneInput")
public func mustacheFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let parts = UnsafeBufferPointer(start: data, count: size).split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
    let names = ["t", "p", "q"]
    let templates = parts.enumerated().map { (names[$0.offset], String(decoding: $0.element, as: UTF8.self)) }
    guard let library = try? TemplateLibrary(templates: templates) else { return 0 }
    let first = library.render("t", context)
    let second = library.render("t", context)
    if first != second { fatalError("rendering the same template twice gave different output") }
    return 0
}
