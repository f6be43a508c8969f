/// Files a browser runs when opened from the site: HTML and what HTML loads as code (scripts,
/// WebAssembly), and the formats that can carry script themselves (SVG, XML with a stylesheet).
/// Attachments are copied next to the notice, on the site's origin, where its Content-Security-
/// Policy (`script-src 'self'`) would let them run; so they are refused. Theme files under
/// `templates/assets/` are the site owner's and are not concerned.
enum ActiveAttachment {
    static let kinds: [String: String] = [
        "html": "an HTML page", "htm": "an HTML page", "xhtml": "an HTML page", "xht": "an HTML page",
        "shtml": "an HTML page",
        "mht": "an HTML archive", "mhtml": "an HTML archive",
        "js": "a script", "mjs": "a script", "cjs": "a script",
        "wasm": "WebAssembly", "svg": "an SVG image (SVG can hold scripts)",
        "svgz": "an SVG image (SVG can hold scripts)",
        "xml": "an XML file (a stylesheet can make it a page)", "xsl": "an XSLT stylesheet",
        "xslt": "an XSLT stylesheet",
    ]

    /// What `path` is, when it is active content; nil otherwise. The extension in any letter case.
    static func kind(of path: String) -> String? {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return kinds[name[name.index(after: dot)...].lowercased()]
    }
}
