/// A set of templates that may include one another as partials, parsed and checked once.
/// Immutable, so one library serves every rendering thread.
struct TemplateLibrary: Sendable {
    /// Partials nested deeper than this render as nothing (a recursive partial whose section
    /// never turns falsey would otherwise never end).
    static let maxPartialDepth = 64

    let templates: [CompiledTemplate]
    private let index: [String: Int]

    /// Parses every template and checks them together. Throws every problem at once, each with
    /// the template's name and the 1-based line and column of the tag:
    /// syntax errors, partials that do not exist, and partials that include themselves outside
    /// every section (they could never stop).
    init(templates sources: [(name: String, text: String)]) throws(TemplateErrors) {
        var errors: [TemplateError] = []
        var compiled: [CompiledTemplate] = []
        var index: [String: Int] = [:]
        var known = Set<String>()
        for (name, text) in sources {
            if !known.insert(name).inserted {
                errors.append(TemplateError(template: name, line: 1, column: 1, message: "template '\(name)' is defined twice"))
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
                    errors.append(TemplateError(template: template.name, line: line, column: column,
                                                message: "partial '\(name)' does not exist\(Suggestions.didYouMean(name, in: sortedNames))"))
                }
            }
            compiled[templateIndex] = template
        }

        errors.append(contentsOf: Self.unconditionalRecursion(in: compiled, index: index))

        if !errors.isEmpty {
            let order = Dictionary(sources.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
            errors.sort { (order[$0.template] ?? 0, $0.line, $0.column, $0.message) < (order[$1.template] ?? 0, $1.line, $1.column, $1.message) }
            throw TemplateErrors(errors: errors)
        }
        templates = compiled
        self.index = index
    }

    /// A partial included outside every section always renders; if such includes lead back to
    /// the template, rendering it never ends. Reported at the first include of each template on a cycle.
    private static func unconditionalRecursion(in templates: [CompiledTemplate], index: [String: Int]) -> [TemplateError] {
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
                        if next.target == start { previous[start] = node; found = true; break }
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
                errors.append(TemplateError(template: template.name, line: line, column: column,
                                            message: "'\(template.name)' includes itself outside of any section (\(cycle)), so it would never stop rendering; put the include inside a section that ends"))
                break
            }
        }
        return errors
    }

    /// The template names, in the order given.
    var names: [String] { templates.map(\.name) }

    func contains(_ name: String) -> Bool { index[name] != nil }

    /// Renders a template with `context` as the bottom of the context stack; "" if no template has that name.
    func render(_ name: String, _ context: TemplateValue) -> String {
        guard let templateIndex = index[name] else { return "" }
        var output: [UInt8] = []
        output.reserveCapacity(max(4096, templates[templateIndex].source.count * 2))
        render(templateIndex, context, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the rendered UTF-8 bytes to `output` (reuse one buffer across pages to skip
    /// allocations); appends nothing if no template has that name.
    func render(_ name: String, _ context: TemplateValue, into output: inout [UInt8]) {
        guard let templateIndex = index[name] else { return }
        render(templateIndex, context, into: &output)
    }

    private func render(_ templateIndex: Int, _ context: TemplateValue, into output: inout [UInt8]) {
        var renderer = MustacheRenderer(templates: templates, output: output, context: context)
        output = []  // hand the buffer over without a copy
        let template = templates[templateIndex]
        renderer.render(template, from: 0, to: template.ops.count)
        output = renderer.output
    }

    /// Every variable and section name the template uses itself (not through its partials),
    /// dotted as written, in order of first use; `.` is left out. Empty if there is no such template.
    func referencedNames(in name: String) -> [String] {
        index[name].map { templates[$0].referencedNames } ?? []
    }

    /// Every partial the template names, in order of first use.
    func referencedPartials(in name: String) -> [String] {
        guard let templateIndex = index[name] else { return [] }
        var seen = Set<String>()
        return templates[templateIndex].partialNames.filter { seen.insert($0).inserted }
    }
}

/// One rendering: appends to a byte buffer while walking the ops, with the context stack as an
/// array (pushing a list item copies a reference, never the list).
struct MustacheRenderer {
    let templates: [CompiledTemplate]
    var output: [UInt8]
    var stack: [TemplateValue]
    /// Indentation of the standalone partials being rendered, outermost first.
    var indent: [UInt8] = []
    /// Whether the next byte written starts a line of a partial's source (then `indent` goes first).
    var atLineStart = true
    var partialDepth = 0

    init(templates: [CompiledTemplate], output: [UInt8], context: TemplateValue) {
        self.templates = templates
        self.output = output
        stack = [context]
        stack.reserveCapacity(16)
    }

    mutating func render(_ template: CompiledTemplate, from start: Int, to end: Int) {
        var opIndex = start
        while opIndex < end {
            let op = template.ops[opIndex]
            switch op.kind {
            case .text:
                writeText(template.source, op.a, op.b)
            case .escaped:
                if let value = resolve(template.keys, op.a, op.b) { write(value, escaped: true) }
            case .raw:
                if let value = resolve(template.keys, op.a, op.b) { write(value, escaped: false) }
            case .section:
                switch resolve(template.keys, op.a, op.b) {
                case .none, .null?, .bool(false)?:
                    break
                case .list(let items)?:
                    for item in items {
                        stack.append(item)
                        render(template, from: opIndex + 1, to: op.c)
                        stack.removeLast()
                    }
                case let value?:
                    stack.append(value)
                    render(template, from: opIndex + 1, to: op.c)
                    stack.removeLast()
                }
                opIndex = op.c
                continue
            case .inverted:
                if resolve(template.keys, op.a, op.b)?.isFalsey ?? true {
                    render(template, from: opIndex + 1, to: op.c)
                }
                opIndex = op.c
                continue
            case .partial:
                guard op.a >= 0, partialDepth < TemplateLibrary.maxPartialDepth else { break }
                let partial = templates[op.a]
                partialDepth += 1
                // Inside a line: the partial's own lines are not indented.
                startLine()
                if indent.isEmpty {
                    render(partial, from: 0, to: partial.ops.count)
                } else {
                    let saved = indent
                    indent = []
                    render(partial, from: 0, to: partial.ops.count)
                    indent = saved
                    atLineStart = false
                }
                partialDepth -= 1
            case .standalonePartial:
                guard op.a >= 0, partialDepth < TemplateLibrary.maxPartialDepth else { break }
                let partial = templates[op.a]
                partialDepth += 1
                // Alone on its line: each line of the partial gets the line's indentation.
                let saved = indent.count
                if op.c > op.b { indent.append(contentsOf: template.source[op.b..<op.c]) }
                atLineStart = true
                render(partial, from: 0, to: partial.ops.count)
                if indent.count > saved { indent.removeSubrange(saved...) }
                atLineStart = true
                partialDepth -= 1
            }
            opIndex += 1
        }
    }

    /// Spec name resolution: the first part up the context stack (the first object that has
    /// the key wins), every further part inside the previous value only.
    @inline(__always)
    private func resolve(_ keys: [TemplateKey], _ start: Int, _ count: Int) -> TemplateValue? {
        if count == 0 { return stack.last }
        let first = keys[start]
        var level = stack.count - 1
        var found: TemplateValue?
        while level >= 0 {
            if case .object(let object) = stack[level], let value = object[first] {
                found = value
                break
            }
            level -= 1
        }
        guard var value = found else { return nil }
        var part = 1
        while part < count {
            guard case .object(let object) = value, let next = object[keys[start + part]] else { return nil }
            value = next
            part += 1
        }
        return value
    }

    /// Writes the indentation if a partial's line starts here.
    @inline(__always)
    private mutating func startLine() {
        if atLineStart, !indent.isEmpty {
            output.append(contentsOf: indent)
            atLineStart = false
        }
    }

    @inline(__always)
    private mutating func writeText(_ source: [UInt8], _ start: Int, _ end: Int) {
        if indent.isEmpty {
            source.withUnsafeBufferPointer { output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
            return
        }
        source.withUnsafeBufferPointer { bytes in
            var index = start
            while index < end {
                startLine()
                var lineEnd = index
                while lineEnd < end, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                if lineEnd < end {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...lineEnd]))
                    atLineStart = true
                    index = lineEnd + 1
                } else {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                }
            }
        }
    }

    @inline(__always)
    private mutating func write(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .string(let string):
            if string.isEmpty { return }
            startLine()
            if escaped { writeEscaped(string) } else { writeRaw(string) }
        case .int(let number):
            startLine()
            writeInt(number)
        case .bool(let flag):
            startLine()
            if flag {
                output.append(contentsOf: [0x74, 0x72, 0x75, 0x65])  // true
            } else {
                output.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])  // false
            }
        case .null, .list, .object:
            return
        }
    }

    private mutating func writeRaw(_ string: String) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { output.append(contentsOf: $0) }
        if done == nil { output.append(contentsOf: string.utf8) }
    }

    private mutating func writeEscaped(_ string: String) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { writeEscaped($0) }
        if done == nil {
            var copy = string
            copy.withUTF8 { writeEscaped($0) }
        }
    }

    /// `& < > " '` become `&amp; &lt; &gt; &quot; &#39;`; runs between them are copied whole.
    private mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            // Every byte to escape is at most `>` (0x3E): one comparison skips letters and UTF-8.
            if byte > 0x3E {
                index += 1
                continue
            }
            let replacement: StaticString
            switch byte {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22: replacement = "&quot;"
            case 0x27: replacement = "&#39;"
            default:
                index += 1
                continue
            }
            if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            replacement.withUTF8Buffer { output.append(contentsOf: $0) }
            index += 1
            runStart = index
        }
        if runStart < count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
    }

    private mutating func writeInt(_ number: Int) {
        if number < 0 { output.append(0x2D) }
        var magnitude = number.magnitude
        let start = output.count
        repeat {
            output.append(0x30 + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        output[start...].reverse()
    }
}
