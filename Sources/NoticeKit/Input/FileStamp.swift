#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat` says about a file: enough to tell that it changed without reading it.
public struct FileStamp: Hashable, Sendable {
    public var modifiedSeconds: Int
    public var modifiedNanoseconds: Int
    public var changedSeconds: Int
    public var changedNanoseconds: Int
    public var size: Int64
    public var inode: UInt64
}

extension FileStamp {
    init(_ info: stat) {
        #if canImport(Darwin)
            self.init(
                modifiedSeconds: Int(info.st_mtimespec.tv_sec), modifiedNanoseconds: Int(info.st_mtimespec.tv_nsec),
                changedSeconds: Int(info.st_ctimespec.tv_sec), changedNanoseconds: Int(info.st_ctimespec.tv_nsec),
                size: Int64(info.st_size), inode: UInt64(info.st_ino))
        #else
            self.init(
                modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec),
                changedSeconds: Int(info.st_ctim.tv_sec), changedNanoseconds: Int(info.st_ctim.tv_nsec),
                size: Int64(info.st_size), inode: UInt64(info.st_ino))
        #endif
    }
}
