/// A set of templates that may include one another as partials, parsed and checked once.
/// Immutable, so one library serves every rendering thread.
public struct TemplateLibrary: Sendable {
    /// Partials nested deeper than this render as nothing (a recursive partial whose section
    /// never turns falsey would otherwise never end).
    public static let maxPartialDepth = 64
    /// Partials included by one render call beyond this render as nothing too: partials that
    /// recurse through a section over an inherited list stay within the depth limit and still
    /// multiply (three items, 64 levels: 3^64 includes), and a render must end.
    public static let maxPartialIncludes = 1_000_000

    let templates: [CompiledTemplate]
    private let index: [String: Int]
    /// Every template's ops, text and keys laid end to end, for rendering.
    private let program: TemplateProgram

    /// Parses every template and checks them together. Throws every problem at once, each with
    /// the template's name and the 1-based line and column of the tag:
    /// syntax errors, partials that do not exist, and partials that include themselves outside
    /// every section (they could never stop).
    public init(templates sources: [(name: String, text: String)]) throws(TemplateErrors) {
        var errors: [TemplateError] = []
        var compiled: [CompiledTemplate] = []
        var index: [String: Int] = [:]
        var known = Set<String>()
        for (name, text) in sources {
            if !known.insert(name).inserted {
                errors.append(
                    TemplateError(template: name, line: 1, column: 1, message: "template '\(name)' is defined twice"))
                continue
            }
            do {
                let template = try CompiledTemplate(name: name, text: text)
                index[name] = compiled.count
                compiled.append(template)
            } catch {
                errors.append(contentsOf: error.errors)
            }
        }

        // Resolve partials to indexes once, so rendering never looks a name up.
        let sortedNames = known.sorted()
        for templateIndex in compiled.indices {
            var template = compiled[templateIndex]
            for opIndex in template.ops.indices {
                let op = template.ops[opIndex]
                guard op.kind == .partial || op.kind == .standalonePartial else { continue }
                let name = template.partialNames[op.d]
                if let target = index[name] {
                    template.ops[opIndex].a = target
                } else if !known.contains(name) {
                    let (line, column) = template.location(of: template.partialOffsets[op.d])
                    errors.append(
                        TemplateError(
                            template: template.name, line: line, column: column,
                            message: "partial '\(name)' does not exist",
                            missingPartial: name, knownTemplates: sortedNames))
                }
            }
            compiled[templateIndex] = template
        }

        errors.append(contentsOf: Self.unconditionalRecursion(in: compiled, index: index))

        if !errors.isEmpty {
            let order = Dictionary(sources.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
            errors.sort {
                (order[$0.template] ?? 0, $0.line, $0.column, $0.message) < (
                    order[$1.template] ?? 0, $1.line, $1.column, $1.message
                )
            }
            throw TemplateErrors(errors: errors)
        }
        templates = compiled
        self.index = index
        program = TemplateProgram(compiled)
    }

    /// A partial included outside every section always renders; if such includes lead back to
    /// the template, rendering it never ends. Reported at the first include of each template on a cycle.
    private static func unconditionalRecursion(in templates: [CompiledTemplate], index: [String: Int])
        -> [TemplateError]
    {
        let edges: [[(target: Int, partial: Int)]] = templates.map { template in
            template.unconditionalPartials.compactMap { partial in
                index[template.partialNames[partial]].map { ($0, partial) }
            }
        }
        var errors: [TemplateError] = []
        for start in templates.indices {
            for edge in edges[start] {
                // Breadth-first from the included template back to `start`, remembering the way.
                var previous: [Int: Int] = [edge.target: start]
                var queue = [edge.target]
                var found = edge.target == start
                var head = 0
                while !found, head < queue.count {
                    let node = queue[head]
                    head += 1
                    for next in edges[node] where previous[next.target] == nil || next.target == start {
                        if next.target == start {
                            previous[start] = node
                            found = true
                            break
                        }
                        previous[next.target] = node
                        queue.append(next.target)
                    }
                }
                guard found else { continue }
                var path = [templates[start].name]
                var node = previous[start] ?? start
                while node != start {
                    path.append(templates[node].name)
                    node = previous[node] ?? start
                }
                path.append(templates[start].name)
                // `path` was collected backwards from the end: start ← … ← start.
                let cycle = path.reversed().joined(separator: " → ")
                let template = templates[start]
                let (line, column) = template.location(of: template.partialOffsets[edge.partial])
                errors.append(
                    TemplateError(
                        template: template.name, line: line, column: column,
                        message:
                            "'\(template.name)' includes itself outside of any section (\(cycle)), so it would never stop rendering; put the include inside a section that ends"
                    ))
                break
            }
        }
        return errors
    }

    /// The template names, in the order given.
    public var names: [String] { templates.map(\.name) }

    public func contains(_ name: String) -> Bool { index[name] != nil }

    /// Renders a template with `context` as the bottom of the context stack; "" if no template has that name.
    public func render(_ name: String, _ context: TemplateValue) -> String {
        guard let templateIndex = index[name] else { return "" }
        return program.render(templateIndex, context)
    }

    /// Appends the rendered UTF-8 bytes to `output` (reuse one buffer across pages to skip
    /// allocations); appends nothing if no template has that name.
    public func render(_ name: String, _ context: TemplateValue, into output: inout [UInt8]) {
        guard let templateIndex = index[name] else { return }
        program.render(templateIndex, context, into: &output)
    }

    /// Every variable and section name the template uses itself (not through its partials),
    /// dotted as written, in order of first use; `.` is left out. Empty if there is no such template.
    public func referencedNames(in name: String) -> [String] {
        index[name].map { templates[$0].referencedNames } ?? []
    }

    /// Every partial the template names, in order of first use.
    public func referencedPartials(in name: String) -> [String] {
        guard let templateIndex = index[name] else { return [] }
        var seen = Set<String>()
        return templates[templateIndex].partialNames.filter { seen.insert($0).inserted }
    }
}
