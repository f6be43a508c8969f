import FlyingFox
import Foundation
import NoticeKit

/// Answers every request of the preview server from memory: the built site (with the live-reload
/// script in HTML), the script itself, and the build status.
struct PreviewHandler: HTTPHandler {
    let state: PreviewState
    /// How long `/__notices/events` waits for a build before answering anyway (FlyingFox gives a
    /// handler 15 s).
    var longPoll: Duration = .seconds(10)

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let isHead = request.method == .HEAD
        guard request.method == .GET || isHead else {
            var response = plain(.methodNotAllowed, "405 Method Not Allowed\n")
            response.headers[HTTPHeader("Allow")] = "GET, HEAD"
            return response
        }
        let path = request.target.path(percentEncoded: false)
        var response = await respond(to: path, query: request.query)
        if isHead {
            response = HTTPResponse(statusCode: response.statusCode, headers: response.headers, body: Data())
        }
        return response
    }

    func respond(to path: String, query: [HTTPRequest.QueryItem]) async -> HTTPResponse {
        switch path {
        case LiveReload.scriptPath:
            return ok(Array(LiveReload.script.utf8), type: "text/javascript; charset=utf-8")
        case LiveReload.statusPath:
            return json(state.current)
        case LiveReload.eventsPath:
            let since = query.first { $0.name == "since" }.flatMap { Int($0.value) } ?? -1
            if state.current.build == since {
                await state.waitForChange(after: since, timeout: longPoll)
            }
            return json(state.current)
        default:
            return site(path)
        }
    }

    private func site(_ path: String) -> HTTPResponse {
        guard path.hasPrefix("/"), !path.contains("\0"),
            !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." })
        else {
            return plain(.badRequest, "400 Bad Request\n")
        }
        guard let site = state.site else {
            return HTTPResponse(
                statusCode: .serviceUnavailable, headers: headers(type: "text/html; charset=utf-8"),
                body: Data(LiveReload.errorPage(state.current)))
        }
        var relative = String(path.dropFirst())
        if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
        if let bytes = site.file(relative) {
            return file(bytes, path: relative, page: site.page)
        }
        if site.file(relative + "/index.html") != nil {
            var headers = headers(type: "text/plain; charset=utf-8")
            headers[.location] = path + "/"
            return HTTPResponse(statusCode: .movedPermanently, headers: headers, body: Data("Moved to \(path)/\n".utf8))
        }
        if let notFound = site.file("404.html") {
            var response = file(notFound, path: "404.html", page: site.page)
            response.statusCode = .notFound
            return response
        }
        return plain(.notFound, "404 Not Found: \(path)\n")
    }

    private func file(_ bytes: [UInt8], path: String, page: String) -> HTTPResponse {
        let type = ContentType.of(path: path)
        let body = type.hasPrefix("text/html") ? LiveReload.inject(into: bytes, page: page) : bytes
        return ok(body, type: type)
    }

    private func ok(_ bytes: [UInt8], type: String) -> HTTPResponse {
        HTTPResponse(statusCode: .ok, headers: headers(type: type), body: Data(bytes))
    }

    private func json(_ status: PreviewState.Status) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(status)) ?? Data("{}".utf8)
        return HTTPResponse(statusCode: .ok, headers: headers(type: "application/json"), body: data)
    }

    private func plain(_ code: HTTPStatusCode, _ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: code, headers: headers(type: "text/plain; charset=utf-8"), body: Data(text.utf8))
    }

    private func headers(type: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        return headers
    }
}
