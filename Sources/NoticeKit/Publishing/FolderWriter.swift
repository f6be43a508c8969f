import Foundation

/// Writes a set of files into a folder that is empty or does not exist yet (`notices init`,
/// `notices theme export`); refuses any other folder, so nothing of the user's is overwritten.
public enum FolderWriter {
    /// nil on success, else what stopped it (nothing is written then when the folder was not empty).
    public static func write(_ files: [(path: String, bytes: [UInt8])], into folder: URL) -> Message? {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { return Message(.folderIsFile, ["path": .text(folder.path)]) }
            let entries = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
            guard entries.isEmpty else { return Message(.folderNotEmpty, ["path": .text(folder.path)]) }
        }
        do {
            for file in files {
                guard OutputPathCheck.isContained(file.path) else { continue }
                let target = folder.appendingPathComponent(file.path)
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: target, options: .withoutOverwriting)
            }
        } catch {
            return Message(
                .folderWriteFailed, ["path": .text(folder.path), "detail": .text(error.localizedDescription)])
        }
        return nil
    }
}
