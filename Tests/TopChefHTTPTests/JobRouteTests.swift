import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("job routes")
struct JobRouteTests {
    @Test func submissionAnswers201WithLocationJobDetailsAndStringMeta() async throws {
        try await withTopChef { client in
            let service = try await client.registerService()
            let response = try await client.send(
                .post, "/services/\(service)/jobs", json: #"{"parameters":{"value":3},"other":true}"#)
            #expect(response.status == 201)
            let id = try #require(response.createdID)
            #expect(response.location == "http://topchef.test:5000/jobs/\(id)")
            #expect(Set(response.object.keys) == ["data", "meta"])
            #expect(response.object["meta"] as? String == "new job ID is \(id)")
            #expect(Set(response.data.keys) == Fixtures.jobDetailKeys.union(["job_details"]))
            let copy = try #require(response.data["job_details"] as? [String: Any])
            #expect(Set(copy.keys) == Fixtures.jobDetailKeys)
            #expect(copy["id"] as? String == id)
            #expect(response.data["status"] as? String == "REGISTERED")
            #expect(response.data["results"] is NSNull)
            #expect((response.data["parameters"] as? [String: Int]) == ["value": 3])
            let date = try #require(response.data["date_submitted"] as? String)
            #expect(date.hasSuffix("+00:00"))
        }
    }

    /// Compact parameters are stored as sent (copied from the body), others as their compact serialization:
    /// both must give the same text.
    @Test func parametersAreStoredCompactWhateverTheirSpelling() async throws {
        let schema = #"{"type":"object"}"#
        let cases = [
            (#"{"a":1,"b":[1e5,1.0,-0],"c":"é","d":{}}"#, #"{"a":1,"b":[1e5,1.0,-0],"c":"é","d":{}}"#),
            (#"{ "a" : 1 , "b": [1e5, 1.0] }"#, #"{"a":1,"b":[1e5,1.0]}"#),
            (#"{"c":"\u00e9\/\n","a":1,"a":2}"#, #"{"c":"é/\n","a":2}"#),
        ]
        try await withTopChef { client in
            let service = try await client.registerService(parameters: schema)
            for (sent, stored) in cases {
                let response = try await client.send(
                    .post, "/services/\(service)/jobs", json: #"{"parameters": \#(sent) ,"other":true}"#)
                #expect(response.status == 201)
                #expect(response.text.contains(#""parameters":\#(stored),"results":null"#), "\(response.text)")
                let id = try #require(response.createdID)
                let detail = try await client.send(.get, "/jobs/\(id)")
                #expect(detail.text.contains(#""parameters":\#(stored),"results":null"#), "\(detail.text)")
            }
        }
    }

    @Test func submissionErrors() async throws {
        try await withTopChef { client in
            let service = try await client.registerService()
            let invalid = try await client.send(
                .post, "/services/\(service)/jobs", json: #"{"parameters":{"value":30}}"#)
            #expect(invalid.status == 400)
            #expect(invalid.errorTitles == ["JSONSchema Validation Error"])
            #expect(invalid.errorDetails.first?.hasPrefix("Validation of schema [] threw error ") == true)
            let missing = try await client.send(.post, "/services/\(service)/jobs", json: #"{"value":3}"#)
            #expect(
                missing.errorDetails == [
                    "Valdation of key 'parameters' threw error '['Missing data for required field.']'."
                ])
            let notObject = try await client.send(.post, "/services/\(service)/jobs", json: #"{"parameters":[1]}"#)
            #expect(notObject.errorDetails.first?.contains("Not a valid mapping type.") == true)
            let notJSON = try await client.send(
                .post, "/services/\(service)/jobs", json: "x", contentType: "text/plain")
            #expect(notJSON.errorTitles == ["Request Not JSON"])
            let draft4Integer = try await client.send(
                .post, "/services/\(service)/jobs", json: #"{"parameters":{"value":1.0}}"#)
            #expect(draft4Integer.status == 400)
            #expect(try await client.send(.get, "/jobs").dataList.isEmpty)
        }
    }

    @Test func jobDetailHasTheExactKeysAndMeta() async throws {
        try await withTopChef { client in
            let service = try await client.registerService()
            let id = try await client.submitJob(service)
            let response = try await client.send(.get, "/jobs/\(id.uppercased())")
            #expect(response.status == 200)
            #expect(Set(response.data.keys) == Fixtures.jobDetailKeys)
            #expect(response.data["id"] as? String == id)
            #expect((response.object["links"] as? [String: String])?["self"] == "http://topchef.test:5000/jobs/\(id)")
            #expect(
                (response.object["meta"] as? [String: Any])?.keys.sorted() == [
                    "job_info_schema", "patch_request_schema",
                ])
            let malformed = try await client.send(.get, "/jobs/nope")
            #expect(malformed.errorTitles == ["Not UUID Error"])
            let unknown = try await client.send(.get, "/jobs/00000000-0000-0000-0000-000000000000")
            #expect(unknown.status == 404)
            #expect(unknown.errorTitles == ["Job Not Found"])
            #expect(unknown.errorDetails == ["A job with id 00000000-0000-0000-0000-000000000000 was not found"])
        }
    }

    @Test func listsOfJobs() async throws {
        try await withTopChef { client in
            let service = try await client.registerService()
            let other = try await client.registerService(name: "Other")
            var ids: [String] = []
            for _ in 0..<3 { ids.append(try await client.submitJob(service)) }
            let foreign = try await client.submitJob(other)
            let all = try await client.send(.get, "/jobs")
            #expect(all.dataList.compactMap { $0["id"] as? String } == ids + [foreign])
            #expect(all.dataList.allSatisfy { Set($0.keys) == Fixtures.jobOverviewKeys })
            #expect((all.object["meta"] as? [String: Any])?.keys.sorted() == ["data_schema"])
            #expect((all.object["links"] as? [String: String]) == ["self": "http://topchef.test:5000/jobs"])

            let ofService = try await client.send(.get, "/services/\(service)/jobs")
            #expect(ofService.dataList.compactMap { $0["id"] as? String } == ids)
            #expect(ofService.dataList.allSatisfy { Set($0.keys) == Fixtures.jobDetailKeys })
            let meta = try #require(ofService.object["meta"] as? [String: Any])
            #expect(meta.keys.sorted() == ["data_schema", "new_job_schema"])
            let newJob = try #require(meta["new_job_schema"] as? [String: Any])
            let properties = try #require(newJob["properties"] as? [String: Any])
            #expect((properties["parameters"] as? [String: Any])?["required"] as? [String] == ["value"])

            let firstPage = try await client.send(.get, "/jobs?limit=2")
            #expect(firstPage.dataList.compactMap { $0["id"] as? String } == Array(ids[0..<2]))
            let next = try #require((firstPage.object["links"] as? [String: String])?["next"])
            #expect(next == "http://topchef.test:5000/jobs?after=\(ids[1])&limit=2")
            let secondPage = try await client.send(.get, String(next.dropFirst("http://topchef.test:5000".count)))
            #expect(secondPage.dataList.compactMap { $0["id"] as? String } == [ids[2], foreign])
            #expect((secondPage.object["links"] as? [String: String])?["next"] == nil)
            let servicePage = try await client.send(.get, "/services/\(service)/jobs?after=\(ids[0])")
            #expect(servicePage.dataList.compactMap { $0["id"] as? String } == Array(ids[1...]))
            #expect(try await client.send(.get, "/jobs?limit=0").status == 400)
            #expect(try await client.send(.get, "/jobs?after=\(UUID().uuidString)").status == 400)
            #expect(try await client.send(.get, "/services/\(other)/jobs?after=\(ids[0])").status == 400)
        }
    }

    @Test func queueAndNextGiveTheOldestRegisteredJobs() async throws {
        try await withTopChef { client in
            let service = try await client.registerService()
            #expect(try await client.send(.get, "/services/\(service)/queue").status == 204)
            let emptyNext = try await client.send(.get, "/services/\(service)/jobs/next")
            #expect(emptyNext.status == 204)
            #expect(emptyNext.bytes.isEmpty)
            var ids: [String] = []
            for value in 1...10 { ids.append(try await client.submitJob(service, parameters: #"{"value":\#(value)}"#)) }
            for value in 1...2 { ids.append(try await client.submitJob(service, parameters: #"{"value":\#(value)}"#)) }
            let queue = try await client.send(.get, "/services/\(service)/queue")
            #expect(queue.status == 200)
            #expect(queue.dataList.compactMap { $0["id"] as? String } == Array(ids[0..<10]))
            #expect(queue.dataList.allSatisfy { Set($0.keys) == Fixtures.jobDetailKeys })
            #expect((queue.object["meta"] as? [String: Any])?.keys.sorted() == ["data_schema"])
            let next = try await client.send(.get, "/services/\(service)/jobs/next")
            #expect(next.data["id"] as? String == ids[0])
            #expect((next.object["meta"] as? [String: Any])?.keys.sorted() == ["job_schema"])
            #expect(
                (next.object["links"] as? [String: String])?["self"]
                    == "http://topchef.test:5000/services/\(service)/jobs/next")

            // Taking a job moves the queue on; putting it back to REGISTERED returns it to its place.
            #expect(try await client.send(.patch, "/jobs/\(ids[0])", json: #"{"status":"WORKING"}"#).status == 200)
            #expect(try await client.send(.get, "/services/\(service)/jobs/next").data["id"] as? String == ids[1])
            #expect(try await client.send(.patch, "/jobs/\(ids[0])", json: #"{"status":"registered"}"#).status == 200)
            #expect(try await client.send(.get, "/services/\(service)/jobs/next").data["id"] as? String == ids[0])
        }
    }

    @Test func patchSetsStatusAndResults() async throws {
        try await withTopChef { client in
            let service = try await client.registerService()
            let id = try await client.submitJob(service)
            let working = try await client.send(.patch, "/jobs/\(id)", json: #"{"status":"working","results":null}"#)
            #expect(working.status == 200)
            #expect(Set(working.object.keys) == Fixtures.jobDetailKeys)
            #expect(working.object["status"] as? String == "WORKING")

            let invalid = try await client.send(
                .patch, "/jobs/\(id)", json: #"{"status":"COMPLETED","results":{"count":"many"}}"#)
            #expect(invalid.status == 400)
            #expect(invalid.errorTitles == ["JSONSchema Validation Error"])
            #expect(try await client.send(.get, "/jobs/\(id)").data["status"] as? String == "WORKING")

            let unknownStatus = try await client.send(.patch, "/jobs/\(id)", json: #"{"status":"DONE"}"#)
            #expect(
                unknownStatus.errorDetails == [
                    "Valdation of key 'status' threw error '['Unknown value for job status enum']'."
                ])
            #expect(try await client.send(.patch, "/jobs/\(id)", json: #"{"status":5}"#).status == 400)
            #expect(try await client.send(.patch, "/jobs/\(id)", json: #"{"results":[1]}"#).status == 400)
            #expect(try await client.send(.patch, "/jobs/\(id)", json: nil).errorTitles == ["Request Not JSON"])
            #expect(try await client.send(.patch, "/jobs/\(id)", json: "{}").object["status"] as? String == "WORKING")

            let done = try await client.send(
                .patch, "/jobs/\(id)", json: #"{"status":"COMPLETED","results":{"count":5}}"#)
            #expect(done.object["status"] as? String == "COMPLETED")
            #expect((done.object["results"] as? [String: Int]) == ["count": 5])
            let read = try await client.send(.get, "/jobs/\(id)")
            #expect((read.data["results"] as? [String: Int]) == ["count": 5])
            #expect(
                try await client.send(.patch, "/jobs/00000000-0000-0000-0000-000000000000", json: "{}").status == 404)
        }
    }

    @Test func putTakesTheOldFullJobWithResult() async throws {
        try await withTopChef { client in
            let service = try await client.registerService()
            let id = try await client.submitJob(service)
            let response = try await client.send(
                .put, "/jobs/\(id)",
                json: #"{"id":"\#(id)","status":"COMPLETED","parameters":{"value":9},"result":{"count":2}}"#)
            #expect(response.status == 200)
            let job = try await client.send(.get, "/jobs/\(id)")
            #expect(job.data["status"] as? String == "COMPLETED")
            #expect((job.data["results"] as? [String: Int]) == ["count": 2])
            #expect((job.data["parameters"] as? [String: Int]) == ["value": 3])
            #expect(job.data["result"] == nil)
            let invalid = try await client.send(
                .put, "/jobs/\(id)", json: #"{"status":"ERROR","result":{"count":"x"}}"#)
            #expect(invalid.status == 400)
        }
    }

    @Test func validator() async throws {
        try await withTopChef { client in
            let description = try await client.send(.get, "/validator")
            #expect(description.status == 200)
            #expect(description.data.isEmpty)
            #expect((description.object["meta"] as? [String: Any])?.keys.sorted() == ["validator_schema"])
            let valid = try await client.send(
                .post, "/validator", json: #"{"schema":{"type":"object","required":["a"]},"object":{"a":1}}"#)
            #expect(valid.status == 200)
            #expect(valid.data["status"] as? String == "Validation was successful")
            #expect((valid.object["links"] as? [String: String])?["self"] == "http://topchef.test:5000/validator")
            let invalid = try await client.send(
                .post, "/validator",
                json:
                    #"{"schema":{"properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["c"]},"object":{"a":1,"b":2}}"#
            )
            #expect(invalid.status == 400)
            #expect(invalid.errorTitles == Array(repeating: "JSONSchema Validation Error", count: 3))
            let missing = try await client.send(.post, "/validator", json: #"{"instance":{}}"#)
            #expect(missing.errorTitles.count == 2)
            let broken = try await client.send(.post, "/validator", json: #"{"schema":{"type":"foo"},"object":{}}"#)
            #expect(broken.status == 400)
            #expect(broken.errorDetails.first?.contains("'schema'") == true)
            // draft 4 unless the schema says otherwise
            let draft4 = try await client.send(
                .post, "/validator", json: #"{"schema":{"properties":{"n":{"type":"integer"}}},"object":{"n":1.0}}"#)
            #expect(draft4.status == 400)
            let draft7 = try await client.send(
                .post, "/validator",
                json:
                    #"{"schema":{"$schema":"http://json-schema.org/draft-07/schema#","properties":{"n":{"type":"integer"}}},"object":{"n":1.0}}"#
            )
            #expect(draft7.status == 200)
        }
    }
}
