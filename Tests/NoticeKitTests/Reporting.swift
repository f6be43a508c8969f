@testable import NoticeKit

/// A producer's value and what it reported into its sink, for tests that look at both.
func reporting<T>(_ make: (inout Diagnostics) -> T) -> (T, [Diagnostic]) {
    var diagnostics = Diagnostics()
    let value = make(&diagnostics)
    return (value, diagnostics.all)
}
