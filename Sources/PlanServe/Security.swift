// The safety model of the desk, in one place: every request needs the access
// token (in the URL once, then a cookie) or gets 401; every response carries
// a Content-Security-Policy that allows no inline script (the desk's own, or
// a route's stricter one); a write needs the CSRF token and a same-origin POST.
import Foundation
import HTTPTypes
import Hummingbird

/// Checks the access token on every request and adds the security headers to
/// every response, 401s included.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let configuration: ServeConfiguration
    /// The cookie's name carries a part of the CSRF token (which pages show anyway): two desks on one machine keep separate cookies.
    let cookieName: String

    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        let query = FormData(query: request.uri.query)
        if let given = query["token"] {
            if Self.constantTimeEquals(given, configuration.accessToken) {
                // Trade the token in the URL for a cookie and drop it from the
                // address bar, the history and any Referer.
                var rest = query
                rest.remove("token")
                response = Response(status: .seeOther, headers: [.location: request.uri.path + rest.queryString])
                response.setCookie(Cookie(name: cookieName, value: configuration.accessToken, path: "/", httpOnly: true, sameSite: .strict))
            } else {
                response = Self.unauthorized()
            }
        } else if let cookie = request.cookies[cookieName], Self.constantTimeEquals(cookie.value, configuration.accessToken) {
            do {
                response = try await next(request, context)
            } catch let error as HTTPError {
                response = ErrorPage.response(status: error.status, message: error.body ?? "\(error.status.reasonPhrase)")
            }
        } else {
            response = Self.unauthorized()
        }
        // A route may set its own policy (the review report's, which allows no script at all).
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    static func unauthorized() -> Response {
        ErrorPage.response(
            status: .unauthorized,
            message: "This review desk needs its access token. Open the URL that `planbench serve` printed when it started (http://…/?token=…); the browser keeps a cookie after that.")
    }

    /// Compares two secrets in time that depends only on their lengths.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// Why a write was refused before it reached the workspace.
enum WriteCheck {
    /// The form's fields, once the request is known to be a same-origin POST
    /// carrying this run's CSRF token; throws 403 otherwise.
    static func form(_ request: inout Request, configuration: ServeConfiguration) async throws -> FormData {
        guard Self.isSameOrigin(request) else {
            throw HTTPError(.forbidden, message: "Refused: a write must be a form posted from this desk's own pages (the Origin header did not name this server).")
        }
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPError(.unsupportedMediaType, message: "Refused: writes are HTML form posts (application/x-www-form-urlencoded).")
        }
        let body = try await request.collectBody(upTo: 256 * 1024)
        let form = FormData(body: String(decoding: body.readableBytesView, as: UTF8.self))
        guard let token = form["csrf"], AccessMiddleware<BasicRequestContext>.constantTimeEquals(token, configuration.csrfToken) else {
            throw HTTPError(.forbidden, message: "Refused: the form's CSRF token is missing or not this run's (was the desk restarted? Reload the page and try again).")
        }
        return form
    }

    /// Whether the POST comes from a page of this server: its Origin (or, when a
    /// browser sends none, its Referer) names the host the request was sent to.
    static func isSameOrigin(_ request: Request) -> Bool {
        guard let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] else { return false }
        let expected = "http://\(host)"
        if let origin = request.headers[.origin] { return origin == expected }
        if let referer = request.headers[.referer] { return referer == expected || referer.hasPrefix(expected + "/") }
        return false
    }
}

/// `application/x-www-form-urlencoded` fields (a query string or a form body), in order.
struct FormData: Sendable {
    private(set) var fields: [(String, String)] = []

    init(body: String) { fields = Self.parse(body) }
    init(query: String?) { fields = Self.parse(query ?? "") }

    subscript(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }

    /// A field's value trimmed, nil when absent or blank.
    func value(_ name: String) -> String? {
        guard let raw = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
        return raw
    }

    mutating func remove(_ name: String) { fields.removeAll { $0.0 == name } }

    /// `?a=1&b=2`, or empty.
    var queryString: String {
        fields.isEmpty ? "" : "?" + fields.map { "\(URLPath.encode($0.0))=\(URLPath.encode($0.1))" }.joined(separator: "&")
    }

    static func parse(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// A small page for refusals and errors (401, 403, 404, 409, ...).
enum ErrorPage {
    static func response(status: HTTPResponse.Status, message: String) -> Response {
        let html: HTML = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(String(status.code)) \(status.reasonPhrase) · planbench</title>
            <link rel="stylesheet" href="/static/desk.css"></head>
            <body><main><h1>\(String(status.code)) \(status.reasonPhrase)</h1><p id="message">\(message)</p>
            \(status == .unauthorized ? "" : "<p><a href=\"/\">Dashboard</a></p>" as HTML)</main></body></html>

            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html.rendered)))
    }
}
