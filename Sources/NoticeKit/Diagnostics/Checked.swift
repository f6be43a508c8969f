/// A value kept together with the problems found making it, for results at rest: a notice
/// decoded on another thread, an entry of `NoticeCache`. Functions report into the caller's
/// `Diagnostics` instead (the convention in docs/architecture.md); this type is for what is stored
/// or handed over before it can be reported.
struct Checked<Value: Sendable>: Sendable {
    /// nil when a problem left no value.
    var value: Value?
    var diagnostics: Diagnostics

    /// Runs `make` with a sink of its own.
    init(_ make: (inout Diagnostics) -> Value?) {
        var diagnostics = Diagnostics()
        value = make(&diagnostics)
        self.diagnostics = diagnostics
    }

    init(value: Value?, diagnostics: Diagnostics) {
        self.value = value
        self.diagnostics = diagnostics
    }
}
