import Foundation
import HummingbirdTesting
import TestSupport
import Testing
import TopChefHTTP

/// The real clients' sequences, end to end over a live server.
@Suite("the Java and Python clients, end to end")
struct ClientScenarioTests {
    static let javaHeaders = [
        "Content-Type: application/json", "Accept: text/html, image/gif, image/jpeg, */*; q=0.2",
        "User-Agent: Java/17", "Connection: keep-alive",
    ]

    @Test func javaClient() async throws {
        try await withTopChef(.live) { client in
            let port = try #require(client.port)
            try await onThread {
                let java = try RawHTTPConnection(port: port)
                let headers = Self.javaHeaders
                let registration = try java.request(
                    "POST", "/services", headers: headers,
                    body:
                        #"{"name":"Java","description":"d","job_registration_schema":\#(Fixtures.parametersSchema),"job_result_schema":\#(Fixtures.resultsSchema)}"#
                )
                #expect(registration.status == 201)
                let service = try #require(registration.header("location")?.split(separator: "/").last.map(String.init))
                // Check-in: POST + override PATCH, no body, no Content-Length, no Content-Type.
                let checkIn = try java.request(
                    "POST", "/services/\(service)", headers: ["X-HTTP-Method-Override: PATCH"], body: nil)
                #expect(checkIn.status == 200)
                #expect(try java.request("GET", "/services/\(service)/queue", headers: headers).status == 204)
                var jobs: [String] = []
                for value in 1...3 {
                    let submitted = try java.request(
                        "POST", "/services/\(service)/jobs", headers: headers,
                        body: #"{"parameters":{"value":\#(value)}}"#)
                    #expect(submitted.status == 201)
                    jobs.append(try #require(submitted.header("location")?.split(separator: "/").last.map(String.init)))
                }
                for path in ["/services", "/services/\(service)", "/services/\(service)/jobs", "/jobs/\(jobs[0])"] {
                    let read = try java.request("GET", path, headers: headers)
                    #expect(read.status == 200)
                }
                let queue = try java.request("GET", "/services/\(service)/queue", headers: headers)
                #expect(queue.status == 200)
                let first = try #require((queue.object["data"] as? [[String: Any]])?.first)
                #expect(first["id"] as? String == jobs[0])
                #expect(Set(first.keys) == Fixtures.jobDetailKeys)
                let job = jobs[0]
                let date = try #require(first["date_submitted"] as? String)
                func fullJob(_ status: String, _ results: String) -> String {
                    #"{"date_submitted":"\#(date)","id":"\#(job)","parameters":{"value":1},"status":"\#(status)","results":\#(results)}"#
                }
                let override = headers + ["X-HTTP-Method-Override: PATCH"]
                let working = try java.request(
                    "POST", "/jobs/\(job)", headers: override, body: fullJob("WORKING", "null"))
                #expect(working.status == 200)
                #expect(working.object["status"] as? String == "WORKING")
                let invalid = try java.request(
                    "POST", "/jobs/\(job)", headers: override, body: fullJob("COMPLETED", #"{"count":"x"}"#))
                #expect(invalid.status == 400)
                let unchanged = try java.request("GET", "/jobs/\(job)", headers: headers)
                #expect((unchanged.object["data"] as? [String: Any])?["status"] as? String == "WORKING")
                #expect((unchanged.object["data"] as? [String: Any])?["results"] is NSNull)
                let results = try java.request(
                    "POST", "/jobs/\(job)", headers: override, body: fullJob("WORKING", #"{"count":4}"#))
                #expect(results.status == 200)
                let completed = try java.request(
                    "POST", "/jobs/\(job)", headers: override, body: fullJob("COMPLETED", #"{"count":4}"#))
                #expect(completed.object["status"] as? String == "COMPLETED")
                let final = try java.request("GET", "/jobs/\(job)", headers: headers)
                let data = try #require(final.object["data"] as? [String: Any])
                #expect(data["status"] as? String == "COMPLETED")
                #expect((data["results"] as? [String: Int]) == ["count": 4])
                let next = try java.request("GET", "/services/\(service)/queue", headers: headers)
                #expect(((next.object["data"] as? [[String: Any]])?.first)?["id"] as? String == jobs[1])
                #expect(
                    try java.request(
                        "POST", "/validator", headers: headers, body: #"{"schema":{"type":"object"},"object":{}}"#
                    ).status == 200)
                #expect(try java.request("GET", "/validator", headers: headers).status == 200)
            }
        }
    }

    @Test func pythonClient() async throws {
        try await withTopChef(.live) { client in
            let port = try #require(client.port)
            try await onThread {
                let python = try RawHTTPConnection(port: port)
                let json = ["Content-Type: application/json"]
                let registration = try python.request(
                    "POST", "/services", headers: json,
                    body:
                        #"{"name":"Py","description":"d","job_registration_schema":\#(Fixtures.parametersSchema),"job_result_schema":\#(Fixtures.resultsSchema)}"#
                )
                #expect(registration.status == 201)
                let details = try #require(
                    (registration.object["data"] as? [String: Any])?["service_details"] as? [String: Any])
                let service = try #require(details["id"] as? String)
                let submitted = try python.request(
                    "POST", "/services/\(service)/jobs", headers: json, body: #"{"parameters":{"value":2}}"#)
                #expect(submitted.status == 201)
                let jobDetails = try #require(
                    (submitted.object["data"] as? [String: Any])?["job_details"] as? [String: Any])
                let job = try #require(jobDetails["id"] as? String)
                // The worker's tight loop: GET / and the queue.
                for _ in 0..<20 {
                    #expect(try python.request("GET", "/").status == 200)
                    #expect(try python.request("GET", "/services/\(service)/queue").status == 200)
                }
                let checkIn = try python.request("PATCH", "/services/\(service)", body: "")
                #expect(checkIn.status == 200)
                let put = try python.request(
                    "PUT", "/jobs/\(job)", headers: json,
                    body: #"{"id":"\#(job)","status":"COMPLETED","parameters":{"value":2},"result":{"count":1}}"#)
                #expect(put.status == 200)
                let read = try python.request("GET", "/jobs/\(job)")
                let data = try #require(read.object["data"] as? [String: Any])
                #expect(data["status"] as? String == "COMPLETED")
                #expect((data["results"] as? [String: Int]) == ["count": 1])
                #expect(try python.request("GET", "/services/\(service)/queue").status == 204)
            }
        }
    }
}
