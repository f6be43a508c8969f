import Foundation

/// How one channel fared in a run.
public struct NotifyOutcome: Sendable, Equatable {
    public var channel: String
    /// Changes in its message; 0 when it had nothing new.
    public var changes: Int
    /// Why sending failed; nil when it was sent (or there was nothing to send).
    public var failure: String?
}

/// What goes over the wire for one channel: a mail for the SMTP server or a webhook POST.
enum Delivery {
    case mail(CurlTransport.Mail)
    case webhook(url: String, body: [UInt8])
}

/// Sends each channel the changes it has not been told about, one message per channel, and keeps
/// the announcement record up to date after every channel (see `AnnouncementRecord`).
struct Notifier {
    let site: Site
    let config: NotifyConfig
    let renderer: NotifyRenderer
    let environment: [String: String]
    let now: Int64
    /// Sends, or throws why not; replaced in tests.
    var deliver: (Delivery) throws -> Void = Notifier.send

    /// Runs every channel in order; `save` is called with the record after each channel that sent.
    /// `dryRun` prints each message to `print` instead and leaves the record alone.
    func run(
        _ changes: ChangeSet, record: inout AnnouncementRecord, dryRun: Bool, print: (String) -> Void,
        save: (AnnouncementRecord) throws -> Void
    ) -> [NotifyOutcome] {
        var outcomes: [NotifyOutcome] = []
        for channel in config.channels {
            let pending = Self.pending(for: channel, changes: changes, record: record)
            guard !pending.isEmpty else {
                outcomes.append(NotifyOutcome(channel: channel.name, changes: 0))
                continue
            }
            let unsubscribe = channel.unsubscribe ?? config.email?.unsubscribe
            let message = renderer.message(for: channel, changes: pending, unsubscribe: unsubscribe)
            var failure: String?
            do {
                let delivery = try self.delivery(
                    for: channel, message: message, unsubscribe: unsubscribe, dryRun: dryRun)
                if dryRun {
                    print(Self.describe(channel, delivery))
                } else {
                    try deliver(delivery)
                }
            } catch {
                failure = "\(error)"
            }
            if !dryRun {
                record.record(pending, channel: channel.name, delivered: failure == nil, at: now)
                do { try save(record) } catch { failure = (failure.map { $0 + "; " } ?? "") + "\(error)" }
            }
            outcomes.append(NotifyOutcome(channel: channel.name, changes: pending.count, failure: failure))
        }
        return outcomes
    }

    /// This run's changes for the channel plus what earlier runs owe it, without what it has had.
    static func pending(for channel: NotifyConfig.Channel, changes: ChangeSet, record: AnnouncementRecord) -> [Change] {
        var seen = Set<String>()
        var result: [Change] = []
        for change in record.owed(to: channel.name) + changes.routed(to: channel.products) {
            guard !record.hasSent(change.key, to: channel.name), seen.insert(change.key).inserted else { continue }
            result.append(change)
        }
        return result.sorted(by: Change.isOrderedBefore)
    }

    private func delivery(for channel: NotifyConfig.Channel, message: NotifyMessage, unsubscribe: String?, dryRun: Bool)
        throws -> Delivery
    {
        switch channel.target {
        case .email(let recipients):
            guard let email = config.email, let from = MailAddress.parse(email.from) else {
                throw CurlTransport.Failure(description: "no 'email' section")
            }
            let mime = MIMEMessage(
                from: from, to: recipients, subject: message.subject, date: now, timeZone: site.settings.timeZone,
                messageID: Self.messageID(
                    channel: channel.name, changes: message.items.map(\.change), domain: from.domain),
                listUnsubscribe: unsubscribe, text: message.text, html: message.html)
            return .mail(
                CurlTransport.Mail(
                    url: email.smtp, requireTLS: email.startTLS,
                    user: try secret(email.userEnv, dryRun: dryRun),
                    password: try secret(email.passwordEnv, dryRun: dryRun),
                    caFile: email.caFile, sender: from.address, recipients: recipients, message: mime.bytes))
        case .webhook(let env, let format):
            let url = try secret(env, dryRun: dryRun) ?? ""
            return .webhook(
                url: url, body: WebhookPayload.body(format, message: message, channel: channel.name, site: site))
        }
    }

    /// The value of a named environment variable; a missing one fails the channel (not in a dry run).
    private func secret(_ name: String?, dryRun: Bool) throws -> String? {
        guard let name else { return nil }
        if let value = environment[name], !value.isEmpty { return value }
        if dryRun { return "" }
        throw CurlTransport.Failure(description: "the environment variable \(name) is not set")
    }

    /// `<notices.HASH@domain>`: the same channel and changes give the same id on a resend.
    static func messageID(channel: String, changes: [Change], domain: String) -> String {
        let text = ([channel] + changes.map(\.key)).joined(separator: "\n")
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second &* 0x100_0000_01b3) ^ UInt64(byte)
        }
        return "<notices.\(String(first, radix: 16)).\(String(second, radix: 16))@\(domain)>"
    }

    /// What a dry run prints: the whole message or payload, never a secret.
    static func describe(_ channel: NotifyConfig.Channel, _ delivery: Delivery) -> String {
        switch delivery {
        case .mail(let mail):
            return
                "=== channel '\(channel.name)': e-mail to \(mail.recipients.joined(separator: ", ")) via \(mail.url)\n"
                + String(decoding: mail.message, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        case .webhook(_, let body):
            guard case .webhook(let env, let format) = channel.target else { return "" }
            return "=== channel '\(channel.name)': \(format.rawValue) webhook at $\(env)\n"
                + String(decoding: body, as: UTF8.self)
        }
    }

    static func send(_ delivery: Delivery) throws {
        switch delivery {
        case .mail(let mail):
            try CurlTransport.send(mail)
        case .webhook(let url, let body):
            let (status, response) = try CurlTransport.post(url: url, body: body, contentType: "application/json")
            guard (200..<300).contains(status) else {
                let text = String(decoding: response.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline)
                    .joined(separator: " ")
                throw CurlTransport.Failure(
                    description: "the webhook answered HTTP \(status)\(text.isEmpty ? "" : ": " + text)")
            }
        }
    }
}
