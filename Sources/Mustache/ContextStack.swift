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
