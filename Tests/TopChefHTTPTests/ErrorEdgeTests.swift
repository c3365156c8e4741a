import EventStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TopChefCore

@testable import TopChefHTTP

@Suite("the error edge and what runs before routing")
struct ErrorEdgeTests {
    @Test func unknownRoutesAreJSON404() async throws {
        try await withTopChef { client in
            for path in ["/nope", "/services/x/jobs/y/z", "/echo"] {
                let response = try await client.send(.get, path)
                #expect(response.status == 404)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.errorTitles == ["Not Found"])
            }
        }
    }

    @Test func wrongMethodsAreJSON405WithAllow() async throws {
        try await withTopChef { client in
            let response = try await client.send(.delete, "/services")
            #expect(response.status == 405)
            #expect(response.errorTitles == ["Method Not Implemented"])
            #expect(response.headers[.allow] == "GET, POST, HEAD, OPTIONS")
            let jobs = try await client.send(.post, "/jobs/\(UUID().uuidString)")
            #expect(jobs.status == 405)
            #expect(jobs.headers[.allow] == "GET, PATCH, PUT, HEAD, OPTIONS")
            #expect(
                jobs.errorDetails == [
                    "Attempted to call method POST. Available methods are GET, PATCH, PUT, HEAD, OPTIONS"
                ])
            let options = try await client.send(.options, "/services/\(UUID().uuidString)/queue")
            #expect(options.status == 200)
            #expect(options.headers[.allow] == "GET, HEAD, OPTIONS")
        }
    }

    @Test func headAnswersLikeGetWithoutBody() async throws {
        try await withTopChef { client in
            let get = try await client.send(.get, "/services")
            let head = try await client.send(.head, "/services")
            #expect(head.status == 200)
            #expect(head.bytes.isEmpty)
            #expect(head.headers[.contentLength] == String(get.bytes.count))
            #expect(try await client.send(.head, "/jobs/x").status == 404)
        }
    }

    @Test func methodOverrideRunsBeforeRouting() async throws {
        try await withTopChef { client in
            let id = try await client.registerService()
            let checkIn = try await client.send(.post, "/services/\(id)", headers: [.methodOverride: "patch"])
            #expect(checkIn.status == 200)
            #expect((checkIn.object["meta"] as? String)?.hasPrefix("Service checked in at") == true)
            let modify = try await client.send(
                .post, "/services/\(id)", json: #"{"name":"Overridden"}"#, headers: [.methodOverride: "PATCH"])
            #expect(modify.data["name"] as? String == "Overridden")
            let list = try await client.send(.post, "/services", json: "garbage", headers: [.methodOverride: "GET"])
            #expect(list.status == 200)
            #expect(list.dataList.count == 1)
            let ignored = try await client.send(.post, "/services", json: "{}", headers: [.methodOverride: "FOO"])
            #expect(ignored.errorTitles.first == "Deserialization Error From Client Data")
            let delete = try await client.send(
                .post, "/jobs/\(UUID().uuidString)", headers: [.methodOverride: "DELETE"])
            #expect(delete.status == 405)
        }
    }

    @Test func bodiesOverTheLimitAre413AndDeepNestingIs400() async throws {
        try await withTopChef(configure: { $0.maxBodySize = 1024 }) { client in
            let id = try await client.registerService()
            let big = #"{"parameters":{"value":1,"pad":""# + String(repeating: "x", count: 2000) + #""}}"#
            let response = try await client.send(.post, "/services/\(id)/jobs", json: big)
            #expect(response.status == 413)
            #expect(response.errorTitles == ["Request Entity Too Large"])
            let deep =
                #"{"parameters":{"value":1,"deep":"# + String(repeating: "[", count: 300)
                + String(repeating: "]", count: 300) + "}}"
            let nested = try await client.send(.post, "/services/\(id)/jobs", json: deep)
            #expect(nested.status == 400)
            #expect(nested.errorTitles == ["Request Too Deeply Nested"])
        }
    }

    /// A service PATCH treats a body with no JSON as a bare check-in; a body that nests too deeply must not
    /// pass for one, or the fields it carries would be dropped with a 200.
    @Test func aDeeplyNestedServicePatchIs400AndChangesNothing() async throws {
        try await withTopChef { client in
            let id = try await client.registerService()
            let before = try await client.send(.get, "/services/\(id)")
            let deep =
                #"{"name":"renamed","extra":"# + String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
                + "}"
            let response = try await client.send(.patch, "/services/\(id)", json: deep)
            #expect(response.status == 400)
            #expect(response.errorTitles == ["Request Too Deeply Nested"])
            #expect(response.errorDetails.first?.contains("deeper than the limit") == true)
            let after = try await client.send(.get, "/services/\(id)")
            #expect(after.data["name"] as? String == before.data["name"] as? String)
            // Malformed JSON is still what the original took it for: no JSON, so a bare check-in.
            let malformed = try await client.send(.patch, "/services/\(id)", json: #"{"name":"#)
            #expect(malformed.status == 200)
            #expect((malformed.object["meta"] as? String)?.hasPrefix("Service checked in at ") == true)
        }
    }

    @Test func errorStatusesCombineAsPartOneSays() {
        func status(_ codes: [Int]) -> Int {
            Int(APIError(codes.map { APIError.Entry(statusCode: $0, title: "t", detail: "d") }).status.code)
        }
        #expect(status([400, 400]) == 400)
        #expect(status([404]) == 404)
        #expect(status([404, 405]) == 400)
        #expect(status([400, 404]) == 400)
        #expect(status([499, 431]) == 400)
        #expect(status([499, 501]) == 500)
        #expect(status([]) == 500)
    }

    @Test func datesPrintLikePythonIsoformat() {
        var writer = JSONOutput()
        writer.timestamp(Timestamp(microsecondsSinceEpoch: 1_502_821_747_902_093), style: .pythonAware)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #""2017-08-15T18:29:07.902093+00:00""#)
        writer = JSONOutput()
        writer.timestamp(Timestamp(microsecondsSinceEpoch: 1_577_836_850_000_000), style: .pythonAware)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #""2020-01-01T00:00:50+00:00""#)
        writer = JSONOutput()
        writer.timestamp(Timestamp(microsecondsSinceEpoch: 1_577_836_850_000_010), style: .pythonAware)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #""2020-01-01T00:00:50.000010+00:00""#)
    }

    @Test func stringsAreEscaped() {
        var writer = JSONOutput()
        writer.string("a\"b\\c\n\u{01}é")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #""a\"b\\c\n\u0001é""#)
        writer = JSONOutput()
        writer.integer(-1234567890123)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "-1234567890123")
    }

    @Test func pathIDsAreLenient() {
        let id = "7ac508dd-c497-4d88-9087-c4e7628b30cb"
        for text in [
            id, id.uppercased(), id.replacingOccurrences(of: "-", with: ""), "{\(id)}", "urn:uuid:\(id)",
            "7ac5-08dd-c497-4d88-9087-c4e7628b30cb", "uuid:\(id)", "urn:\(id)", "{{\(id)}}", "}\(id){",
            "urn:uuid:{\(id)-}",
        ] {
            #expect(UUID(lenient: text)?.uuidString.lowercased() == id)
        }
        for text in [
            "", "x", String(id.dropLast()), id + "0", "7ac508dd-c497-4d88-9087-c4e7628b30cg", "uuid:urn:\(id)", "urn:",
            "uuid:", "{}", "é\(id)", " \(id)",
        ] {
            #expect(UUID(lenient: text) == nil)
        }
    }
}
