/// `produkte/ID/status.svg`: a badge with the node's label and state, for a CMS dashboard or a
/// README. White text on colours with a contrast of at least 4.5:1, the state in words (never
/// colour alone), a `<title>` for assistive technology; no script, no external references.
struct StatusBadges {
    let site: Site
    let paths: SitePaths
    let states: StateTexts

    /// Background of the state half; each has at least 4.5:1 against white.
    static let colours: [NodeState: String] = [
        .ok: "#1a7f37", .maintenance: "#0550ae", .degraded: "#8a5a00", .disrupted: "#bc4c00", .outage: "#a40e26",
    ]
    static let labelColour = "#3d3d3d"

    var outputPaths: [String] { site.catalog.products.map { paths.productBadge($0.id) } }

    func files() -> [OutputFile] {
        site.catalog.products.enumerated().map { index, product in
            let status = site.status[index]
            return OutputFile(
                path: paths.productBadge(product.id),
                bytes: Array(
                    Self.svg(
                        label: product.label, state: status.state,
                        stateText: states.node(status.state)
                    ).utf8))
        }
    }

    static func svg(label: String, state: NodeState, stateText: String) -> String {
        let labelWidth = textWidth(label) + 12
        let stateWidth = textWidth(stateText) + 12
        let width = labelWidth + stateWidth
        let title = Escape.xml("\(label): \(stateText)")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="20" viewBox="0 0 \(width) 20" role="img">
            <title>\(title)</title>
            <rect width="\(labelWidth)" height="20" fill="\(labelColour)"/>
            <rect x="\(labelWidth)" width="\(stateWidth)" height="20" fill="\(colours[state]!)"/>
            <g fill="#ffffff" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11" text-anchor="middle">
            <text x="\(labelWidth / 2)" y="14" textLength="\(labelWidth - 12)" lengthAdjust="spacingAndGlyphs">\(Escape.xml(label))</text>
            <text x="\(labelWidth + stateWidth / 2)" y="14" textLength="\(stateWidth - 12)" lengthAdjust="spacingAndGlyphs">\(Escape.xml(stateText))</text>
            </g>
            </svg>

            """
    }

    /// About how wide Verdana 11 px sets `text`; `textLength` makes the real font fit exactly.
    static func textWidth(_ text: String) -> Int {
        var width = 0
        for character in text {
            switch character {
            case "i", "l", "j", "t", "f", "r", ".", ",", ":", ";", " ", "(", ")", "|", "!", "'", "I": width += 4
            case "m", "w", "M", "W", "@": width += 10
            default: width += character.isUppercase ? 8 : 7
            }
        }
        return max(width, 8)
    }
}
