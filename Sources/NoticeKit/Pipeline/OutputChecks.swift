/// The problems an output plan shows before anything is rendered: names the templates use that no
/// view model provides (`ViewKey`), two outputs for one path, and aliases that would overwrite an
/// output, need a folder where an output is a file, or clash with each other.
enum OutputChecks {
    static func check(_ plan: OutputPlan, site: Site, templates: TemplateSet, into diagnostics: inout Diagnostics) {
        diagnostics.append(
            contentsOf: templates.unknownNames(vocabulary: TemplateVocabulary.pages, strings: site.strings))
        let taken = checkCollisions(plan, into: &diagnostics)
        checkAliases(plan, site: site, taken: taken, into: &diagnostics)
    }

    /// Two outputs for one path; returns every path taken by an output other than an alias.
    private static func checkCollisions(_ plan: OutputPlan, into diagnostics: inout Diagnostics) -> Set<String> {
        var taken = Set<String>()
        for path in plan.pagePaths + plan.groups.flatMap(\.paths) + OutputPlan.redirectMaps
        where !taken.insert(path).inserted {
            diagnostics.error(.outputClash, ["path": .text(path)], at: nil)
        }
        return taken
    }

    /// Each alias at its line: one that would overwrite a real output, or need a folder where an
    /// output is a file (or a file where one is a folder), or that another alias already writes.
    private static func checkAliases(
        _ plan: OutputPlan, site: Site, taken: Set<String>, into diagnostics: inout Diagnostics
    ) {
        let paths = plan.pages.models.paths
        let takenFolders = folders(of: taken)
        var aliasOwner: [String: String] = [:]
        var aliasFiles: [(file: String, target: Redirects.Target)] = []
        for target in plan.redirects.targets {
            let file = Redirects.file(for: target.alias.path)
            let alias: MessageArgument = .text(target.alias.path)
            let location = target.alias.location
            if taken.contains(file) {
                let owner =
                    site.notices.first { paths.file(for: paths.notice($0)) == file }
                    .map { MessageArgument(.pageOf, ["path": .text($0.sourcePath)]) } ?? .empty
                diagnostics.error(.aliasCollides, ["alias": alias, "file": .text(file), "owner": owner], at: location)
            } else if let clash = folders(of: [file]).sorted().first(where: taken.contains) {
                diagnostics.error(.aliasNeedsFolder, ["alias": alias, "folder": .text(clash)], at: location)
            } else if takenFolders.contains(file) {
                diagnostics.error(.aliasIsFolder, ["alias": alias, "file": .text(file)], at: location)
            } else if let other = aliasOwner[file] {
                diagnostics.error(.aliasTwice, ["alias": alias, "other": .text(other)], at: location)
            } else {
                aliasOwner[file] = target.notice.sourcePath
                aliasFiles.append((file, target))
            }
        }
        // Between aliases: `/a.html` and `/a.html/b` cannot both be written.
        let aliasFolders = folders(of: Set(aliasFiles.map(\.file)))
        for (file, target) in aliasFiles where aliasFolders.contains(file) {
            diagnostics.error(
                .aliasIsAliasFolder, ["alias": .text(target.alias.path), "file": .text(file)], at: target.alias.location
            )
        }
    }

    /// Every folder the files at `paths` lie in (`a/b/c.html` -> `a`, `a/b`).
    private static func folders(of paths: some Sequence<String>) -> Set<String> {
        var folders = Set<String>()
        for path in paths {
            var folder = path[...]
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if !folders.insert(String(folder)).inserted { break }
            }
        }
        return folders
    }
}
