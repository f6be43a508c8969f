/// A short fingerprint of everything the status files say about now: each node's state and
/// notices, and each of those notices' latest change. Pages carry the revision they were built
/// with and offer a reload when `status.json` holds another; a rebuild that changes nothing
/// current keeps it, so readers are not asked to reload for nothing.
enum StatusRevision {
    static func of(_ site: Site) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0xff
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for (index, product) in site.catalog.products.enumerated() {
            let status = site.status[index]
            add(product.id)
            add(status.state.rawValue + (status.partial ? "/partial" : ""))
            for notice in (status.current + [-1] + status.upcoming) {
                guard notice >= 0 else {
                    add("|")
                    continue
                }
                let notice = site.notices[notice]
                add(notice.id)
                add(notice.title)
                add(notice.updated.rfc3339DateTime)
                add(notice.lifecycle.window.map { $0.start.rfc3339DateTime + "/" + $0.end.rfc3339DateTime } ?? "")
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
