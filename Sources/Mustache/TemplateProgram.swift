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
            let opBase = ops.count
            let sourceBase = source.count
            let keyBase = keys.count
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
                            var renderer = MustacheRenderer(
                                ops: ops, source: source, keys: keys, entries: entries,
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
