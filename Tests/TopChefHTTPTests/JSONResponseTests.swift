import HTTPTypes
import Hummingbird
import Testing

@testable import TopChefHTTP

@Suite("JSON answers")
struct JSONResponseTests {
    @Test func headersAreWhatTheSubscriptsAndResponseInitGave() {
        for location in [nil, "http://h/jobs/1"] as [String?] {
            let bytes = Array(#"{"a":1}"#.utf8)
            var headers: HTTPFields = [.contentType: "application/json"]
            if let location { headers[.location] = location }
            let expected = Response(
                status: .created, headers: headers, body: ResponseBody(byteBuffer: .init(bytes: bytes)))
            let answer = Response.json(bytes, status: .created, location: location)
            #expect(Array(answer.headers) == Array(expected.headers))
            #expect(answer.status == expected.status)
        }
    }
}
