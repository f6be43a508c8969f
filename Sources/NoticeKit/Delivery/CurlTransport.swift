import CCurl
import CurlShim

/// SMTP and HTTP through libcurl: curl speaks the protocols (STARTTLS, AUTH, TLS checks); this
/// file only hands it a finished message and turns its result codes into messages.
enum CurlTransport {
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    struct Mail {
        /// `smtp://host:587` or `smtps://host:465`.
        var url: String
        /// Refuse to send unless the server upgrades the connection with STARTTLS.
        var requireTLS: Bool
        var user: String?
        var password: String?
        var caFile: String?
        var sender: String
        var recipients: [String]
        var message: [UInt8]
    }

    static let timeoutSeconds = 60

    /// Sends one message; throws with curl's own explanation when the server refuses it.
    static func send(_ mail: Mail) throws {
        try withHandle { handle, setString in
            try setString(CURLOPT_URL, mail.url)
            try check(
                notices_curl_set_long(
                    handle, CURLOPT_USE_SSL, Int(mail.requireTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue)),
                "use_ssl")
            if let user = mail.user { try setString(CURLOPT_USERNAME, user) }
            if let password = mail.password { try setString(CURLOPT_PASSWORD, password) }
            if let caFile = mail.caFile { try setString(CURLOPT_CAINFO, caFile) }
            try setString(CURLOPT_MAIL_FROM, "<\(mail.sender)>")
            var recipients: UnsafeMutablePointer<curl_slist>?
            defer { curl_slist_free_all(recipients) }
            for recipient in mail.recipients { recipients = curl_slist_append(recipients, "<\(recipient)>") }
            try check(notices_curl_set_pointer(handle, CURLOPT_MAIL_RCPT, recipients), "mail_rcpt")
            try check(notices_curl_set_long(handle, CURLOPT_UPLOAD, 1), "upload")
            let source = Source(mail.message)
            try withExtendedLifetime(source) {
                try check(notices_curl_set_read_function(handle, readCallback), "readfunction")
                try check(
                    notices_curl_set_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque()),
                    "readdata")
                try perform(handle)
            }
        }
    }

    /// POSTs `body`; returns the status and the response (at most 64 KB of it).
    static func post(url: String, body: [UInt8], contentType: String) throws -> (status: Int, response: [UInt8]) {
        try withHandle { handle, setString in
            try setString(CURLOPT_URL, url)
            try check(notices_curl_set_long(handle, CURLOPT_POST, 1), "post")
            try check(notices_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, body.count), "postfieldsize")
            var headers: UnsafeMutablePointer<curl_slist>?
            defer { curl_slist_free_all(headers) }
            headers = curl_slist_append(headers, "Content-Type: \(contentType)")
            try check(notices_curl_set_pointer(handle, CURLOPT_HTTPHEADER, headers), "httpheader")
            return try body.withUnsafeBytes { raw in
                try check(
                    notices_curl_set_pointer(
                        handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress)), "postfields")
                return try receive(handle)
            }
        }
    }

    /// GETs `url` (http/https only), following no redirects to other protocols.
    static func get(url: String) throws -> (status: Int, response: [UInt8]) {
        try withHandle { handle, setString in
            try setString(CURLOPT_URL, url)
            try check(notices_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1), "followlocation")
            try setString(CURLOPT_REDIR_PROTOCOLS_STR, "https,http")
            return try receive(handle)
        }
    }

    private static let maximumResponse = 64 * 1024 * 1024

    private static func receive(_ handle: UnsafeMutableRawPointer) throws -> (status: Int, response: [UInt8]) {
        let sink = Sink()
        try withExtendedLifetime(sink) {
            try check(notices_curl_set_write_function(handle, writeCallback), "writefunction")
            try check(
                notices_curl_set_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque()),
                "writedata")
            try perform(handle)
        }
        var status = 0
        _ = notices_curl_response_code(handle, &status)
        return (status, sink.bytes)
    }

    private static func withHandle<T>(
        _ body: (UnsafeMutableRawPointer, (CURLoption, String) throws -> Void) throws -> T
    ) throws -> T {
        guard let handle = curl_easy_init() else {
            throw Failure(description: "libcurl could not start (curl_easy_init)")
        }
        defer { curl_easy_cleanup(handle) }
        try check(notices_curl_set_long(handle, CURLOPT_NOSIGNAL, 1), "nosignal")
        try check(notices_curl_set_long(handle, CURLOPT_TIMEOUT, timeoutSeconds), "timeout")
        try check(notices_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, 20), "connecttimeout")
        try check(notices_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps,http,https"), "protocols")
        return try body(handle) { option, value in
            // curl copies every string option it is given (since 7.17).
            try value.withCString {
                try check(notices_curl_set_string(handle, option, $0), "option \(option.rawValue)")
            }
        }
    }

    private static func perform(_ handle: UnsafeMutableRawPointer) throws {
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code = errorBuffer.withUnsafeMutableBufferPointer { buffer -> CURLcode in
            _ = notices_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            let code = curl_easy_perform(handle)
            _ = notices_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, nil)
            return code
        }
        guard code != CURLE_OK else { return }
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let summary = String(cString: curl_easy_strerror(code))
        throw Failure(description: detail.isEmpty || detail == summary ? summary : "\(summary): \(detail)")
    }

    private static func check(_ code: CURLcode, _ what: String) throws {
        guard code != CURLE_OK else { return }
        throw Failure(description: "libcurl refused \(what): \(String(cString: curl_easy_strerror(code)))")
    }
}

private final class Source {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

private final class Sink {
    var bytes: [UInt8] = []
}

private let readCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let source = Unmanaged<Source>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, source.bytes.count - source.offset)
    source.bytes.withUnsafeBufferPointer { all in
        UnsafeMutableRawPointer(buffer).copyMemory(from: all.baseAddress! + source.offset, byteCount: length)
    }
    source.offset += length
    return length
}

private let writeCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard sink.bytes.count + length <= 64 * 1024 * 1024 else { return 0 }
    sink.bytes += UnsafeRawBufferPointer(start: buffer, count: length)
    return length
}
