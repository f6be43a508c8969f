/// Every written path must stay inside the output folder.
enum OutputPathCheck {
    /// Relative, no backslash or NUL, and no segment that is empty, `.` or `..`; on bytes.
    static func isContained(_ path: String) -> Bool {
        var segmentLength = 0
        var dots = 0
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                if segmentLength == 0 || dots == segmentLength && dots <= 2 { return false }
                segmentLength = 0
                dots = 0
                continue
            case UInt8(ascii: "\\"), 0: return false
            case UInt8(ascii: "."): dots += 1
            default: break
            }
            segmentLength += 1
        }
        return segmentLength > 0 && !(dots == segmentLength && dots <= 2)
    }
}
