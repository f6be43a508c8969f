import Foundation

/// Where a symbolic link inside the site may lead: into `content/` or `templates/` (as resolved,
/// so a site whose `content` is itself a link works), and to nothing hidden on the way, so a link
/// can never publish `.git/config`, `.env` or a file outside the folders a build reads.
public struct LinkRule: Sendable {
    let allowed: [String]

    /// - Parameter root: the site folder, absolute.
    public init(root: String) {
        allowed = [SiteLayout.contentFolder, SiteLayout.templatesFolder].map {
            realPath(root + "/" + $0) ?? root + "/" + $0
        }
    }

    /// Why a link to `target` (resolved) is refused, or nil.
    public func problem(with target: String) -> String? {
        guard let base = allowed.first(where: { target == $0 || target.hasPrefix($0 + "/") }) else {
            return "points outside the site's content/ and templates/ folders"
        }
        let inner = target.dropFirst(base.count).split(separator: "/")
        if let hidden = inner.first(where: { $0.hasPrefix(".") }) {
            return "points into the hidden '\(hidden)', which is never published"
        }
        return nil
    }

    /// The error for a link at `path` (site-relative) to `target`, or nil when it may be followed.
    public func refusal(of target: String, at path: String) -> Diagnostic? {
        problem(with: target).map {
            .error(.linkRefused, ["problem": .text($0), "target": .text(target)], at: SourceLocation(path: path))
        }
    }
}

/// `realpath`: the path with every link resolved, nil when it does not exist.
func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
