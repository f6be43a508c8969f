import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Publisher {
    /// Refuses output folders whose replacement would delete something the generator does not own.
    func checkOutputIsSafe() throws {
        let target = output.path
        let root = siteRoot.path
        // Home as the password database and as $HOME see it; the working folder as the shell does.
        let homes = Set([FileManager.default.homeDirectoryForCurrentUser.path, ProcessInfo.processInfo.environment["HOME"] ?? "/"]
            .map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path })
        let workingFolder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath().path
        let location = SourceLocation(path: SiteLayout.settingsPath)
        func refuse(_ why: MessageCode, _ arguments: [String: MessageArgument] = [:]) -> Diagnostic {
            .error(.refusingOutput, ["path": .text(displayPath), "why": MessageArgument(why, arguments)], at: location)
        }
        func holds(_ folder: String, _ inner: String) -> Bool {
            folder == inner || inner.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
        }
        var link = stat()
        if lstat(target, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK { throw refuse(.outputDanglingLink) }
        if target == "/" || homes.contains(target) { throw refuse(.outputIsRootOrHome) }
        if homes.contains(where: { holds(target, $0) }) { throw refuse(.outputHoldsHome) }
        if holds(target, root) { throw refuse(.outputHoldsSite) }
        if holds(target, workingFolder) { throw refuse(.outputHoldsWorkingFolder) }
        for protected in ["content", "templates", ".git", "Sources", "Tests"] {
            let folder = siteRoot.appendingPathComponent(protected).path
            if target == folder || target.hasPrefix(folder + "/") { throw refuse(.outputInsideProtected, ["folder": .text(protected)]) }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw refuse(.outputIsFile) }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        if !contents.isEmpty && !contents.contains(Self.markerName) {
            throw refuse(.outputNotOwned, ["marker": .text(Self.markerName)])
        }
    }
}
