import Foundation

/// One build's writes into its staging folder, holding the lock until `commit` or `abort`.
public final class PublishSession: @unchecked Sendable {
    private let publisher: Publisher
    private let staging: URL
    private let lock: PublishLock
    private var folders = Set<String>()
    private var finished = false
    /// The published output, when there is one this build replaces (it carries the marker).
    private let previous: String?

    init(publisher: Publisher, staging: URL, lock: PublishLock) {
        self.publisher = publisher
        self.staging = staging
        self.lock = lock
        let marker = publisher.output.appendingPathComponent(Publisher.markerName).path
        previous = FileManager.default.fileExists(atPath: marker) ? publisher.output.path : nil
    }

    /// Writes a batch of files into the staging folder (in parallel).
    public func write(_ files: [OutputFile]) throws {
        try publisher.write(files, into: staging, previous: previous, folders: &folders)
    }

    /// Adds the marker and swaps the staging folder in for the output folder.
    public func commit() throws {
        defer { finish() }
        do {
            try Data("Built by notices. This folder is replaced on every build; do not edit it.\n".utf8)
                .write(to: staging.appendingPathComponent(Publisher.markerName))
            try publisher.swapIn(staging)
        } catch {
            removeTree(staging)
            throw error
        }
    }

    /// Drops everything written so far; the published site stays as it was.
    public func abort() {
        guard !finished else { return }
        removeTree(staging)
        finish()
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        lock.release()
    }

    deinit { abort() }
}
