import Foundation

/// What has been announced, per channel: the keys of the changes each channel was told about,
/// and the changes a channel is still owed because sending failed. `notify` sends a channel only
/// what this record lacks and updates it after every channel, so a rerun never repeats a message
/// and a failed one is sent by the next run, even when the site was deployed in between.
/// Published next to notices.json as `announced.json` (docs/notify.md).
public struct AnnouncementRecord: Sendable, Equatable {
    public struct Sent: Sendable, Equatable {
        public var channel: String
        public var key: String
        /// When it was sent (seconds since 1970); entries older than `retention` are dropped.
        public var at: Int64
    }

    public struct Owed: Sendable, Equatable {
        public var channel: String
        public var change: Change
    }

    public var sent: [Sent] = []
    public var owed: [Owed] = []

    public static let fileName = "announced.json"
    public static let version = 1
    /// Long enough to cover any rerun against an older published notices.json and any reminder.
    static let retention: Int64 = 60 * 86400

    public init() {}

    func hasSent(_ key: String, to channel: String) -> Bool {
        sent.contains { $0.channel == channel && $0.key == key }
    }

    /// The changes owed to `channel` from earlier runs.
    func owed(to channel: String) -> [Change] {
        owed.filter { $0.channel == channel }.map(\.change)
    }

    /// Records that `changes` reached `channel` (or failed to): sent keys are kept, owed ones replaced.
    mutating func record(_ changes: [Change], channel: String, delivered: Bool, at now: Int64) {
        let keys = Set(changes.map(\.key))
        owed.removeAll { $0.channel == channel && keys.contains($0.change.key) }
        if delivered {
            sent += changes.map { Sent(channel: channel, key: $0.key, at: now) }
        } else {
            owed += changes.map { Owed(channel: channel, change: $0) }
        }
    }

    /// Drops old entries and those of channels no longer configured; sorted, so the file is stable.
    mutating func prune(now: Int64, channels: Set<String>) {
        sent.removeAll { now - $0.at > Self.retention || !channels.contains($0.channel) }
        owed.removeAll { !channels.contains($0.channel) }
        sent.sort { ($0.channel, $0.key, $0.at) < ($1.channel, $1.key, $1.at) }
        owed.sort { ($0.channel, $0.change.key) < ($1.channel, $1.change.key) }
    }

    func serialized() -> [UInt8] {
        JSONValue.object([
            ("version", .int(Self.version)),
            (
                "sent",
                .array(
                    sent.map {
                        .object([("channel", .string($0.channel)), ("key", .string($0.key)), ("at", .int(Int($0.at)))])
                    })
            ),
            (
                "owed",
                .array(
                    owed.map { .object([("channel", .string($0.channel)), ("change", ChangesJSON.value($0.change))]) })
            ),
        ]).serializedBytes(indent: 1)
    }

    /// Reads a record; `path` names it in messages.
    /// nil (the problem reported) when the bytes are no record.
    public static func decode(_ bytes: [UInt8], path: String, timeZone: TimeZone, into diagnostics: inout Diagnostics)
        -> AnnouncementRecord?
    {
        func failure(_ message: String) -> AnnouncementRecord? {
            diagnostics.error(.recordUnreadable, ["detail": .text(message)], at: SourceLocation(path: path))
            return nil
        }
        guard let root = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            return failure("not a JSON object")
        }
        guard root["version"] as? Int == version else { return failure("no 'version' \(version)") }
        var record = AnnouncementRecord()
        for entry in (root["sent"] as? [[String: Any]]) ?? [] {
            guard let channel = entry["channel"] as? String, let key = entry["key"] as? String,
                let at = entry["at"] as? Int
            else {
                return failure("a 'sent' entry lacks 'channel', 'key' or 'at'")
            }
            record.sent.append(Sent(channel: channel, key: key, at: Int64(at)))
        }
        for entry in (root["owed"] as? [[String: Any]]) ?? [] {
            guard let channel = entry["channel"] as? String, let object = entry["change"] as? [String: Any],
                let change = ChangesJSON.change(from: object, timeZone: timeZone)
            else {
                return failure("an 'owed' entry lacks 'channel' or a readable 'change'")
            }
            record.owed.append(Owed(channel: channel, change: change))
        }
        return record
    }
}
