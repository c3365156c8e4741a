import Foundation
import HummingbirdTesting
import TestSupport
import Testing
import TopChefHTTP

/// What the real clients put on the wire, over a live server.
@Suite("wire behaviours over a live server")
struct WireTests {
    static let javaAccept = "Accept: text/html, image/gif, image/jpeg, */*; q=0.2"

    @Test func overrideWithoutBodyOrContentLengthIsACheckInOnAKeptAliveConnection() async throws {
        try await withTopChef(.live) { client in
            let port = try #require(client.port)
            let service = try await client.registerService()
            try await onThread {
                let connection = try RawHTTPConnection(port: port)
                let checkIn = try connection.request(
                    "POST", "/services/\(service)", headers: ["X-HTTP-Method-Override: PATCH"], body: nil)
                #expect(checkIn.status == 200)
                #expect((checkIn.object["meta"] as? String)?.hasPrefix("Service checked in at ") == true)
                // The same connection serves the next requests.
                for _ in 0..<3 {
                    let get = try connection.request(
                        "GET", "/services/\(service)", headers: ["Content-Type: application/json", Self.javaAccept])
                    #expect(get.status == 200)
                    #expect(get.header("content-type") == "application/json")
                }
            }
        }
    }

    @Test func headHasHeadersButNoBodyAndTheConnectionGoesOn() async throws {
        try await withTopChef(.live) { client in
            let port = try #require(client.port)
            try await onThread {
                let connection = try RawHTTPConnection(port: port)
                let get = try connection.request("GET", "/services")
                let head = try connection.request("HEAD", "/services")
                #expect(head.status == 200)
                #expect(head.header("content-length") == String(get.body.count))
                let missing = try connection.request("HEAD", "/nowhere")
                #expect(missing.status == 404)
                let after = try connection.request("GET", "/")
                #expect(after.status == 200)
                #expect(after.object["data"] != nil)
            }
        }
    }

    @Test func realPatchWithZeroContentLengthIsACheckIn() async throws {
        try await withTopChef(.live) { client in
            let port = try #require(client.port)
            let service = try await client.registerService()
            try await onThread {
                let connection = try RawHTTPConnection(port: port)
                let response = try connection.request("PATCH", "/services/\(service)", body: "")
                #expect(response.status == 200)
                #expect((response.object["meta"] as? String)?.hasPrefix("Service checked in at ") == true)
            }
        }
    }

    @Test func oversizedBodyIsAJSON413() async throws {
        try await withTopChef(.live, configure: { $0.maxBodySize = 1024 }) { client in
            let port = try #require(client.port)
            let service = try await client.registerService()
            try await onThread {
                let connection = try RawHTTPConnection(port: port)
                let body = #"{"parameters":{"value":1,"pad":""# + String(repeating: "x", count: 4096) + #""}}"#
                let response = try connection.request(
                    "POST", "/services/\(service)/jobs", headers: ["Content-Type: application/json"], body: body)
                #expect(response.status == 413)
                #expect(response.header("content-type") == "application/json")
                #expect(response.text.contains("Request Entity Too Large"))
            }
        }
    }

    /// A chunked body that is not valid chunked encoding is the client's error: a JSON 400, not a 500.
    @Test func aMalformedChunkedBodyIsAJSON400() async throws {
        try await withTopChef(.live) { client in
            let port = try #require(client.port)
            try await onThread {
                let connection = try RawHTTPConnection(port: port)
                try connection.write(
                    "POST /services HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n")
                let response = try connection.readResponse()
                #expect(response.status == 400)
                #expect(response.header("content-type") == "application/json")
                #expect(response.text.contains("Request Body Unreadable"))
                #expect(try RawHTTPConnection(port: port).request("GET", "/services").status == 200)
            }
        }
    }

    /// What the HTTP parser refuses before any route sees it is still answered with the JSON error
    /// document, not an empty body: an unknown method token, a malformed Content-Length, headers over the
    /// parser's limit (431).
    @Test func requestsTheParserRefusesGetAJSONError() async throws {
        try await withTopChef(.live) { client in
            let port = try #require(client.port)
            try await onThread {
                let huge = "X-Padding: " + String(repeating: "a", count: 100 * 1024) + "\r\n"
                let cases: [(request: String, status: Int, title: String)] = [
                    ("FOO /services HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400, "Malformed HTTP Request"),
                    (
                        "POST /services HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ten\r\n\r\n", 400,
                        "Malformed HTTP Request"
                    ),
                    ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + huge + "\r\n", 431, "Request Header Fields Too Large"),
                ]
                for (request, status, title) in cases {
                    let connection = try RawHTTPConnection(port: port)
                    try connection.write(request)
                    let response = try connection.readResponse()
                    #expect(response.status == status, "\(request.prefix(40))")
                    #expect(response.header("content-type") == "application/json")
                    #expect(response.header("connection") == "close")
                    let errors = response.object["errors"] as? [[String: Any]]
                    #expect(errors?.first?["title"] as? String == title, "\(response.text)")
                }
                // The server goes on serving.
                #expect(try RawHTTPConnection(port: port).request("GET", "/").status == 200)
            }
        }
    }

    @Test func unknownRouteAndWrongMethodAreJSONOnTheWire() async throws {
        try await withTopChef(.live) { client in
            let port = try #require(client.port)
            try await onThread {
                let connection = try RawHTTPConnection(port: port)
                let missing = try connection.request("GET", "/services/")
                #expect(missing.status == 404 || missing.status == 200)
                let wrong = try connection.request("DELETE", "/services")
                #expect(wrong.status == 405)
                #expect(wrong.header("allow") == "GET, POST, HEAD, OPTIONS")
                #expect(wrong.header("content-type") == "application/json")
            }
        }
    }
}
