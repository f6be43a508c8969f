import Foundation
import NoticeKit

#if canImport(Glibc)
    import Glibc
#endif

#if os(Linux)
    /// inotify on every folder below the watched ones, plus the site root for `content/` or
    /// `templates/` appearing later.
    final class Inotify: @unchecked Sendable {
        let fd: Int32
        let scanner: SiteScanner
        /// Watch descriptor -> folder relative to the site root ("" for the root itself).
        private var folders: [Int32: String] = [:]

        private static let folderMask = UInt32(
            IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
                | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
        private static let rootMask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO) | UInt32(IN_ONLYDIR)

        init?(scanner: SiteScanner) {
            self.scanner = scanner
            fd = inotify_init1(Int32(IN_CLOEXEC))
            guard fd >= 0 else { return nil }
            let rootDescriptor = inotify_add_watch(fd, scanner.root, Self.rootMask)
            guard rootDescriptor >= 0 else {
                close(fd)
                return nil
            }
            folders[rootDescriptor] = ""
            for folder in SiteWatcher.watchedFolders where !watchTree(folder) {
                close(fd)
                return nil
            }
        }

        /// Adds a watch to `folder` and every folder below it; false when the kernel refuses
        /// (typically the `max_user_watches` limit).
        @discardableResult
        private func watchTree(_ folder: String) -> Bool {
            for relative in scanner.folders(below: folder) {
                let descriptor = inotify_add_watch(fd, scanner.absolute(relative), Self.folderMask)
                if descriptor < 0 {
                    if errno == ENOENT { continue }
                    return false
                }
                folders[descriptor] = relative
            }
            return true
        }

        func run(debounce: Double, handler: SiteWatcher.Handler) {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var dirty = Set<String>()
            var firstEvent: DispatchTime?
            let quietMilliseconds = Int32(max(1, debounce * 1000))
            while true {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = Glibc.poll(&descriptor, 1, firstEvent == nil ? -1 : quietMilliseconds)
                if ready < 0 {
                    if errno == EINTR { continue }
                    return
                }
                if ready == 0 {
                    if let first = firstEvent, !dirty.isEmpty { handler(dirty, first) }
                    dirty = []
                    firstEvent = nil
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count <= 0 {
                    if count < 0 && errno == EINTR { continue }
                    return
                }
                let now = DispatchTime.now()
                buffer.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset + 16 <= count {
                        let descriptor = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                        let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                        let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                        let nameBytes = bytes[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                        offset += 16 + length
                        handle(
                            descriptor: descriptor, mask: mask, name: String(decoding: nameBytes, as: UTF8.self),
                            into: &dirty)
                    }
                }
                if firstEvent == nil && !dirty.isEmpty { firstEvent = now }
                // A steady stream of events (a large copy) still rebuilds every second.
                if let first = firstEvent, now.uptimeNanoseconds - first.uptimeNanoseconds > 1_000_000_000 {
                    handler(dirty, first)
                    dirty = []
                    firstEvent = nil
                }
            }
        }

        private func handle(descriptor: Int32, mask: UInt32, name: String, into dirty: inout Set<String>) {
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                // Events were lost: watch whatever folders appeared and let the rebuild compare stamps.
                for folder in SiteWatcher.watchedFolders { watchTree(folder) }
                dirty.insert("content")
                return
            }
            if mask & UInt32(IN_IGNORED) != 0 {
                folders.removeValue(forKey: descriptor)
                return
            }
            guard let folder = folders[descriptor] else { return }
            if name.isEmpty {
                dirty.insert(folder)
                return
            }
            guard !SiteLayout.isIgnored(name: name) else { return }
            let isFolder = mask & UInt32(IN_ISDIR) != 0
            let appeared = mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0
            if folder.isEmpty {
                // The site root: only the watched folders themselves matter.
                guard SiteWatcher.watchedFolders.contains(name) else { return }
                if isFolder && appeared { watchTree(name) }
                dirty.insert(name)
                return
            }
            let relative = folder + "/" + name
            if isFolder && appeared { watchTree(relative) }
            dirty.insert(relative)
        }
    }
#endif
