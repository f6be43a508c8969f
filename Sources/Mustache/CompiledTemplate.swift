/// One instruction of a compiled template: plain data, so rendering walks a flat array.
struct TemplateOp: Sendable {
    enum Kind: UInt8, Sendable {
        /// `a..<b` of the template's UTF-8 source.
        case text
        /// `{{name}}`: key range `a..<a+b` of `keys` (`b == 0` is `{{.}}`).
        case escaped
        /// `{{{name}}}` / `{{& name}}`: as `escaped`.
        case raw
        /// `{{#name}}`: key range as `escaped`; the body is ops `i+1..<c`.
        case section
        /// `{{^name}}`: as `section`.
        case inverted
        /// `{{>name}}` inside a line: `a` = library index of the partial (-1 until resolved),
        /// `d` = index into `partialNames`.
        case partial
        /// `{{>name}}` alone on its line: as `partial`, and source `b..<c` is the line's indentation.
        case standalonePartial
    }

    var kind: Kind
    var a: Int
    var b: Int
    var c: Int = 0
    var d: Int = 0
}

/// A template parsed once into a flat op array; rendered by `TemplateLibrary`, which also
/// resolves its partials.
struct CompiledTemplate: Sendable {
    let name: String
    /// The template's UTF-8 text: text ops and indentations are ranges of it.
    let source: [UInt8]
    var ops: [TemplateOp]
    /// The name parts of every variable and section, each name a contiguous range.
    let keys: [TemplateKey]
    /// The partials it names, in op order (`op.d`), and where each tag starts (byte offset).
    let partialNames: [String]
    let partialOffsets: [Int]
    /// Indexes into `partialNames` of partial tags outside every section: they always render.
    let unconditionalPartials: [Int]
    /// Every variable and section name, dotted as written, in order of first use; no `.`.
    let referencedNames: [String]

    /// Parses `text`; all problems at once (parsing stops at an unclosed tag).
    init(name: String, text: String) throws(TemplateErrors) {
        var parser = MustacheParser(name: name, source: Array(text.utf8))
        parser.parse()
        if !parser.errors.isEmpty { throw TemplateErrors(errors: parser.errors) }
        self.name = name
        source = parser.source
        ops = parser.ops
        keys = parser.keys
        partialNames = parser.partialNames
        partialOffsets = parser.partialOffsets
        unconditionalPartials = parser.unconditionalPartials
        referencedNames = parser.referencedNames
    }

    /// 1-based line and column (in characters) of a byte offset of the source.
    func location(of offset: Int) -> (line: Int, column: Int) {
        MustacheParser.location(of: offset, in: source)
    }
}
