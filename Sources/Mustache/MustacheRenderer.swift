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
                                                message: "partial '\(name)' does not exist",
                                                missingPartial: name, knownTemplates: sortedNames))
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
        program = TemplateProgram(compiled)
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

/// The compiled templates of a library laid end to end, with every range and index in the ops
/// made absolute and every partial resolved to an entry, so a rendering holds a few raw pointers
/// and touches no reference count to reach template data.
struct TemplateProgram: Sendable {
    let ops: [TemplateOp]
    let source: [UInt8]
    let keys: [TemplateKey]
    /// The ops of template `i` are `entries[i].start..<entries[i].end`.
    let entries: [(start: Int, end: Int)]

    init(_ templates: [CompiledTemplate]) {
        var ops: [TemplateOp] = []
        var source: [UInt8] = []
        var keys: [TemplateKey] = []
        var entries: [(start: Int, end: Int)] = []
        for template in templates {
            let opBase = ops.count, sourceBase = source.count, keyBase = keys.count
            for var op in template.ops {
                switch op.kind {
                case .text:
                    op.a += sourceBase
                    op.b += sourceBase
                case .escaped, .raw:
                    op.a += keyBase
                case .section, .inverted:
                    op.a += keyBase
                    op.c += opBase
                case .partial, .standalonePartial:
                    op.b += sourceBase
                    op.c += sourceBase
                }
                ops.append(op)
            }
            source.append(contentsOf: template.source)
            keys.append(contentsOf: template.keys)
            entries.append((opBase, ops.count))
        }
        self.ops = ops
        self.source = source
        self.keys = keys
        self.entries = entries
    }

    func render(_ templateIndex: Int, _ context: TemplateValue, into output: inout [UInt8]) {
        withRenderer(context, capacity: max(4096, output.capacity - output.count)) { renderer in
            renderer.render(from: entries[templateIndex].start, to: entries[templateIndex].end)
            output.append(contentsOf: renderer.output.bytes)
        }
    }

    func render(_ templateIndex: Int, _ context: TemplateValue) -> String {
        withRenderer(context, capacity: 4096) { renderer in
            renderer.render(from: entries[templateIndex].start, to: entries[templateIndex].end)
            return String(decoding: renderer.output.bytes, as: UTF8.self)
        }
    }

    private func withRenderer<R>(_ context: TemplateValue, capacity: Int, _ body: (inout MustacheRenderer) -> R) -> R {
        ops.withUnsafeBufferPointer { ops in
            source.withUnsafeBufferPointer { source in
                keys.withUnsafeBufferPointer { keys in
                    entries.withUnsafeBufferPointer { entries in
                        withUnsafePointer(to: context) { root in
                            var renderer = MustacheRenderer(ops: ops, source: source, keys: keys, entries: entries,
                                                            root: root, capacity: capacity)
                            defer {
                                renderer.output.deallocate()
                                renderer.stack.deallocate()
                            }
                            return body(&renderer)
                        }
                    }
                }
            }
        }
    }
}

/// The context stack of one rendering: pointers to values the caller's context keeps alive.
struct ContextStack {
    private(set) var base: UnsafeMutablePointer<UnsafePointer<TemplateValue>>
    private(set) var count = 1
    private var capacity = 32

    init(root: UnsafePointer<TemplateValue>) {
        base = .allocate(capacity: capacity)
        base.initialize(to: root)
    }

    func deallocate() { base.deallocate() }

    var top: UnsafePointer<TemplateValue> { base[count - 1] }

    @inline(__always)
    mutating func push(_ value: UnsafePointer<TemplateValue>) {
        if count == capacity {
            let grown = UnsafeMutablePointer<UnsafePointer<TemplateValue>>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: value)
        count += 1
    }

    @inline(__always)
    mutating func pop() {
        count -= 1
    }
}

/// A growable byte buffer without `Array`'s per-append uniqueness and generic copy overhead.
/// Owned by one `MustacheRenderer`, which deallocates it.
struct OutputBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    private mutating func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        append(source, bytes.count)
    }

    /// Copies `n` bytes from `source`; the short runs between tags are copied inline with
    /// overlapping word moves rather than a call to `memmove`.
    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, _ n: Int) {
        if count + n > capacity { grow(toHold: count + n) }
        let target = UnsafeMutableRawPointer(base + count)
        let from = UnsafeRawPointer(source)
        if n <= 16 {
            if n >= 8 {
                let head = from.loadUnaligned(as: UInt64.self)
                let tail = from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                target.storeBytes(of: head, as: UInt64.self)
                target.storeBytes(of: tail, toByteOffset: n - 8, as: UInt64.self)
            } else if n >= 4 {
                let head = from.loadUnaligned(as: UInt32.self)
                let tail = from.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                target.storeBytes(of: head, as: UInt32.self)
                target.storeBytes(of: tail, toByteOffset: n - 4, as: UInt32.self)
            } else {
                for offset in 0..<n { target.storeBytes(of: source[offset], toByteOffset: offset, as: UInt8.self) }
            }
        } else if n <= 32 {
            let a = from.loadUnaligned(as: UInt64.self)
            let b = from.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let c = from.loadUnaligned(fromByteOffset: n - 16, as: UInt64.self)
            let d = from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            target.storeBytes(of: a, as: UInt64.self)
            target.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
            target.storeBytes(of: c, toByteOffset: n - 16, as: UInt64.self)
            target.storeBytes(of: d, toByteOffset: n - 8, as: UInt64.self)
        } else {
            target.copyMemory(from: from, byteCount: n)
        }
        count += n
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ string: StaticString) {
        append(UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    /// Reverses the bytes from `start` to the end (for digits written backwards).
    mutating func reverseTail(from start: Int) {
        var low = start, high = count - 1
        while low < high {
            let byte = base[low]
            base[low] = base[high]
            base[high] = byte
            low += 1
            high -= 1
        }
    }
}

/// One rendering: appends to a byte buffer while walking the ops. The context stack holds
/// pointers into the caller's context value (the root, object storages, list buffers while their
/// section renders), so pushing, looking up and writing values touch no reference count.
struct MustacheRenderer {
    let ops: UnsafeBufferPointer<TemplateOp>
    let source: UnsafeBufferPointer<UInt8>
    let keys: UnsafeBufferPointer<TemplateKey>
    let entries: UnsafeBufferPointer<(start: Int, end: Int)>
    var output: OutputBuffer
    var stack: ContextStack
    /// Indentation of the standalone partials being rendered, outermost first.
    var indent: [UInt8] = []
    /// Whether the next byte written starts a line of a partial's source (then `indent` goes first).
    var atLineStart = true
    var partialDepth = 0
    var partialIncludes = 0

    init(ops: UnsafeBufferPointer<TemplateOp>, source: UnsafeBufferPointer<UInt8>, keys: UnsafeBufferPointer<TemplateKey>,
         entries: UnsafeBufferPointer<(start: Int, end: Int)>, root: UnsafePointer<TemplateValue>, capacity: Int) {
        self.ops = ops
        self.source = source
        self.keys = keys
        self.entries = entries
        output = OutputBuffer(capacity: capacity)
        stack = ContextStack(root: root)
    }

    mutating func render(from start: Int, to end: Int) {
        var opIndex = start
        while opIndex < end {
            let op = ops[opIndex]
            switch op.kind {
            case .text:
                writeText(op.a, op.b)
            case .escaped:
                if let value = resolve(op.a, op.b) { write(value, escaped: true) }
            case .raw:
                if let value = resolve(op.a, op.b) { write(value, escaped: false) }
            case .section:
                if let value = resolve(op.a, op.b) {
                    switch value.pointee {
                    case .null, .bool(false):
                        break
                    case .list(let items):
                        items.withUnsafeBufferPointer { items in
                            guard let base = items.baseAddress else { return }
                            for item in 0..<items.count {
                                stack.push(base + item)
                                render(from: opIndex + 1, to: op.c)
                                stack.pop()
                            }
                        }
                    default:
                        stack.push(value)
                        render(from: opIndex + 1, to: op.c)
                        stack.pop()
                    }
                }
                opIndex = op.c
                continue
            case .inverted:
                if resolve(op.a, op.b)?.pointee.isFalsey ?? true {
                    render(from: opIndex + 1, to: op.c)
                }
                opIndex = op.c
                continue
            case .partial:
                guard op.a >= 0, partialDepth < TemplateLibrary.maxPartialDepth,
                      partialIncludes < TemplateLibrary.maxPartialIncludes else { break }
                partialDepth += 1
                partialIncludes += 1
                // Inside a line: the partial's own lines are not indented.
                startLine()
                let entry = entries[op.a]
                if indent.isEmpty {
                    render(from: entry.start, to: entry.end)
                } else {
                    let saved = indent
                    indent = []
                    render(from: entry.start, to: entry.end)
                    indent = saved
                    atLineStart = false
                }
                partialDepth -= 1
            case .standalonePartial:
                guard op.a >= 0, partialDepth < TemplateLibrary.maxPartialDepth,
                      partialIncludes < TemplateLibrary.maxPartialIncludes else { break }
                partialDepth += 1
                partialIncludes += 1
                // Alone on its line: each line of the partial gets the line's indentation.
                let saved = indent.count
                if op.c > op.b { indent.append(contentsOf: UnsafeBufferPointer(rebasing: source[op.b..<op.c])) }
                atLineStart = true
                let entry = entries[op.a]
                render(from: entry.start, to: entry.end)
                if indent.count > saved { indent.removeSubrange(saved...) }
                atLineStart = true
                partialDepth -= 1
            }
            opIndex += 1
        }
    }

    /// Spec name resolution: the first part up the context stack (the first object that has
    /// the key wins), every further part inside the previous value only. `count == 0` is `.`.
    @inline(__always)
    private func resolve(_ start: Int, _ count: Int) -> UnsafePointer<TemplateValue>? {
        if count == 0 { return stack.top }
        let first = keys[start]
        var level = stack.count - 1
        while level >= 0 {
            if let found = Self.child(of: stack.base[level], first) {
                var value = found
                var part = start + 1
                while part < start + count {
                    guard let next = Self.child(of: value, keys[part]) else { return nil }
                    value = next
                    part += 1
                }
                return value
            }
            level -= 1
        }
        return nil
    }

    /// Where `key` is inside `value`, if it is an object that has it.
    @inline(__always)
    private static func child(of value: UnsafePointer<TemplateValue>, _ key: TemplateKey) -> UnsafePointer<TemplateValue>? {
        guard case .object(let object) = value.pointee else { return nil }
        return object.storage.pointer(to: key)
    }

    /// Writes the indentation if a partial's line starts here.
    @inline(__always)
    private mutating func startLine() {
        if atLineStart, !indent.isEmpty {
            indent.withUnsafeBufferPointer { output.append($0) }
            atLineStart = false
        }
    }

    @inline(__always)
    private mutating func writeText(_ start: Int, _ end: Int) {
        if indent.isEmpty {
            output.append(UnsafeBufferPointer(rebasing: source[start..<end]))
            return
        }
        var index = start
        while index < end {
            startLine()
            var lineEnd = index
            while lineEnd < end, source[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd < end {
                output.append(UnsafeBufferPointer(rebasing: source[index...lineEnd]))
                atLineStart = true
                index = lineEnd + 1
            } else {
                output.append(UnsafeBufferPointer(rebasing: source[index..<end]))
                index = end
            }
        }
    }

    @inline(__always)
    private mutating func write(_ value: UnsafePointer<TemplateValue>, escaped: Bool) {
        switch value.pointee {
        case .string(let string):
            if string.isEmpty { return }
            startLine()
            if escaped { writeEscaped(string) } else { writeRaw(string) }
        case .utf8(let bytes):
            if bytes.isEmpty { return }
            startLine()
            bytes.withUnsafeBufferPointer { escaped ? writeEscaped($0) : output.append($0) }
        case .int(let number):
            startLine()
            writeInt(number)
        case .bool(let flag):
            startLine()
            output.append(flag ? "true" : "false")
        case .null, .list, .object:
            return
        }
    }

    private mutating func writeRaw(_ string: String) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { output.append($0) }
        if done == nil {
            var copy = string
            copy.withUTF8 { output.append($0) }
        }
    }

    private mutating func writeEscaped(_ string: String) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { writeEscaped($0) }
        if done == nil {
            var copy = string
            copy.withUTF8 { writeEscaped($0) }
        }
    }

    /// Whether any of the 8 bytes in `word` is `& ' < > "`: each test sets the top bit of a
    /// byte that matches (SWAR zero-byte detection; a false positive only next to a real hit).
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // `&` (0x26) and `'` (0x27) differ in the lowest bit, `<` (0x3C) and `>` (0x3E) in the second.
        let a = (word | ones) ^ (ones &* 0x27)
        let b = (word | (ones &* 0x02)) ^ (ones &* 0x3E)
        let c = word ^ (ones &* 0x22)
        let zeros = ((a &- ones) & ~a) | ((b &- ones) & ~b) | ((c &- ones) & ~c)
        return zeros & highs != 0
    }

    /// `& < > " '` become `&amp; &lt; &gt; &quot; &#39;`; runs between them are copied whole.
    /// Eight bytes at a time are checked at once for any of the five.
    private mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var runStart = 0
        var index = 0
        while index < count {
            if index + 8 <= count, !Self.needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let end = min(index + 8, count)
            while index < end {
                let replacement: StaticString
                switch base[index] {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22: replacement = "&quot;"
                case 0x27: replacement = "&#39;"
                default:
                    index += 1
                    continue
                }
                if runStart < index { output.append(base + runStart, index - runStart) }
                output.append(replacement)
                index += 1
                runStart = index
            }
        }
        if runStart < count { output.append(base + runStart, count - runStart) }
    }

    private mutating func writeInt(_ number: Int) {
        if number < 0 { output.append(0x2D) }
        var magnitude = number.magnitude
        let start = output.count
        repeat {
            output.append(0x30 + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        output.reverseTail(from: start)
    }
}
