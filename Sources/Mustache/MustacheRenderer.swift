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

    init(
        ops: UnsafeBufferPointer<TemplateOp>, source: UnsafeBufferPointer<UInt8>,
        keys: UnsafeBufferPointer<TemplateKey>,
        entries: UnsafeBufferPointer<(start: Int, end: Int)>, root: UnsafePointer<TemplateValue>, capacity: Int
    ) {
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
                if let value = resolve(op.a, op.b) { renderSection(opIndex + 1, op.c, for: value) }
                opIndex = op.c
                continue
            case .inverted:
                if resolve(op.a, op.b)?.pointee.isFalsey ?? true {
                    render(from: opIndex + 1, to: op.c)
                }
                opIndex = op.c
                continue
            case .partial, .standalonePartial:
                renderPartial(op)
            }
            opIndex += 1
        }
    }

    /// A section's body (ops `start..<end`): once per item of a list, once with any other truthy
    /// value on top of the context stack, not at all for a falsey one.
    private mutating func renderSection(_ start: Int, _ end: Int, for value: UnsafePointer<TemplateValue>) {
        switch value.pointee {
        case .null, .bool(false):
            break
        case .list(let items):
            items.withUnsafeBufferPointer { items in
                guard let base = items.baseAddress else { return }
                for item in 0..<items.count {
                    stack.push(base + item)
                    render(from: start, to: end)
                    stack.pop()
                }
            }
        default:
            stack.push(value)
            render(from: start, to: end)
            stack.pop()
        }
    }

    /// A partial's ops, within the depth and include limits. A partial inside a line is not
    /// indented; each line of a standalone one gets the indentation of the tag's line.
    private mutating func renderPartial(_ op: TemplateOp) {
        guard op.a >= 0, partialDepth < TemplateLibrary.maxPartialDepth,
            partialIncludes < TemplateLibrary.maxPartialIncludes
        else { return }
        partialDepth += 1
        partialIncludes += 1
        defer { partialDepth -= 1 }
        let entry = entries[op.a]
        if op.kind == .standalonePartial {
            let saved = indent.count
            if op.c > op.b { indent.append(contentsOf: UnsafeBufferPointer(rebasing: source[op.b..<op.c])) }
            atLineStart = true
            render(from: entry.start, to: entry.end)
            if indent.count > saved { indent.removeSubrange(saved...) }
            atLineStart = true
        } else {
            startLine()
            if indent.isEmpty {
                render(from: entry.start, to: entry.end)
            } else {
                let saved = indent
                indent = []
                render(from: entry.start, to: entry.end)
                indent = saved
                atLineStart = false
            }
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
    private static func child(of value: UnsafePointer<TemplateValue>, _ key: TemplateKey) -> UnsafePointer<
        TemplateValue
    >? {
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
