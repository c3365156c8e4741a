import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("/ and /services routes")
struct ServiceRouteTests {
    @Test func metadataDescribesTheServerWithAbsoluteSelfLink() async throws {
        try await withTopChef { client in
            let response = try await client.send(.get, "/", headers: [.contentType: "application/json"])
            #expect(response.status == 200)
            #expect(
                Set(response.data.keys) == [
                    "documentation_url", "maintainer_email", "maintainer_name", "source_code_repository_url", "version",
                ])
            #expect((response.object["links"] as? [String: String])?["self"] == "http://topchef.test:5000/")
            let meta = response.object["meta"] as? [String: Any]
            #expect((meta?["schema"] as? [String: Any])?["title"] as? String == "API Metadata")
        }
    }

    @Test func emptyServiceListIsAnEmptyArray() async throws {
        try await withTopChef { client in
            let response = try await client.send(.get, "/services")
            #expect(response.status == 200)
            #expect(response.dataList.isEmpty)
            let meta = response.object["meta"] as? [String: Any] ?? [:]
            #expect(Set(meta.keys) == ["new_service_schema", "service_schema"])
            #expect((response.object["links"] as? [String: String])?["self"] == "http://topchef.test:5000/services")
        }
    }

    @Test func registrationAnswers201WithLocationAndServiceDetails() async throws {
        try await withTopChef { client in
            let response = try await client.send(
                .post, "/services",
                json:
                    #"{"name":"New Service","description":"A Description for the New Service","job_registration_schema":{"type":"object"},"job_result_schema":{"type":"object"},"extra":1}"#
            )
            #expect(response.status == 201)
            let id = try #require(response.createdID)
            #expect(response.location == "http://topchef.test:5000/services/\(id)")
            #expect(response.data["message"] as? String == "service successfully created")
            let details = try #require(response.data["service_details"] as? [String: Any])
            #expect(details["id"] as? String == id)
            #expect(Set(details.keys) == Fixtures.serviceDetailKeys)
            #expect((response.object["links"] as? [String: String])?["self"] == "http://topchef.test:5000/services")

            let list = try await client.send(.get, "/services")
            #expect(list.dataList.count == 1)
            #expect(Set(list.dataList[0].keys) == Fixtures.serviceOverviewKeys)
            #expect(list.dataList[0]["name"] as? String == "New Service")
        }
    }

    @Test func registrationErrorsNameEachKey() async throws {
        try await withTopChef { client in
            let empty = try await client.send(.post, "/services", json: "{}")
            #expect(empty.status == 400)
            #expect(empty.errorTitles == Array(repeating: "Deserialization Error From Client Data", count: 4))
            #expect(
                empty.errorDetails.contains(
                    "Valdation of key 'name' threw error '['Missing data for required field.']'."))

            let wrongTypes = try await client.send(
                .post, "/services",
                json: #"{"name":5,"description":null,"job_registration_schema":[],"job_result_schema":{}}"#)
            #expect(wrongTypes.status == 400)
            #expect(wrongTypes.errorDetails.count == 3)
            #expect(wrongTypes.errorDetails.contains { $0.contains("Not a valid string.") })
            #expect(wrongTypes.errorDetails.contains { $0.contains("Field may not be null.") })
            #expect(wrongTypes.errorDetails.contains { $0.contains("Not a valid mapping type.") })

            let array = try await client.send(.post, "/services", json: "[]")
            #expect(array.status == 400)
            #expect(array.errorDetails == ["Valdation of key '_schema' threw error '['Invalid input type.']'."])

            for (body, contentType) in [
                ("{}", "text/plain"), ("{", "application/json"), ("null", "application/json"), ("", "application/json"),
            ] {
                let notJSON = try await client.send(.post, "/services", json: body, contentType: contentType)
                #expect(notJSON.status == 400)
                #expect(notJSON.errorTitles == ["Request Not JSON"])
            }
            let vendorJSON = try await client.send(
                .post, "/services", json: "{}", contentType: "application/vnd.api+json; charset=utf-8")
            #expect(vendorJSON.errorTitles.first == "Deserialization Error From Client Data")
        }
    }

    @Test func unusableSchemaIsRefusedNamingTheKeyword() async throws {
        try await withTopChef { client in
            let response = try await client.send(
                .post, "/services",
                json:
                    #"{"name":"n","description":"d","job_registration_schema":{"properties":{"x":{"type":"foo"}}},"job_result_schema":{}}"#
            )
            #expect(response.status == 400)
            let detail = try #require(response.errorDetails.first)
            #expect(detail.contains("job_registration_schema"))
            #expect(detail.contains("type"))
            #expect(detail.contains("/properties/x"))
            let list = try await client.send(.get, "/services")
            #expect(list.dataList.isEmpty)
            // What the original accepted and could evaluate is still accepted.
            _ = try await client.registerService(parameters: #"{"type":"object","required":[]}"#)
        }
    }

    @Test func schemaWhoseReferencesLoopInPlaceIsRefusedNamingTheReference() async throws {
        try await withTopChef { client in
            for (schema, place) in [
                (##"{"$ref":"#"}"##, "at the root ($ref)"), (##"{"allOf":[{"$ref":"#"}]}"##, "at /allOf/0 ($ref)"),
                (
                    ##"{"$schema":"https://json-schema.org/draft/2019-09/schema","$recursiveRef":"#"}"##,
                    "at the root ($recursiveRef)"
                ),
            ] {
                let response = try await client.send(
                    .post, "/services",
                    json: #"{"name":"n","description":"d","job_registration_schema":"# + schema
                        + #","job_result_schema":{}}"#)
                #expect(response.status == 400, "\(schema)")
                let detail = try #require(response.errorDetails.first)
                #expect(detail.contains("job_registration_schema"), "\(detail)")
                #expect(detail.contains(place), "\(detail)")
                #expect(detail.contains("loops back to the same instance location"), "\(detail)")
            }
            let nested = try await client.send(
                .post, "/services",
                json:
                    ##"{"name":"n","description":"d","job_registration_schema":{},"job_result_schema":{"allOf":[{"$ref":"#"}]}}"##
            )
            #expect(nested.status == 400)
            #expect(nested.errorDetails.first?.contains("job_result_schema") == true)
            #expect(nested.errorDetails.first?.contains("/allOf/0 ($ref)") == true)
            let list = try await client.send(.get, "/services")
            #expect(list.dataList.isEmpty)
            let validator = try await client.send(
                .post, "/validator", json: ##"{"schema":{"not":{"$ref":"#"}},"object":{}}"##)
            #expect(validator.status == 400)
            #expect(validator.errorDetails.first?.contains("/not ($ref)") == true)
            // Recursion that consumes the instance is still a usable schema.
            _ = try await client.registerService(parameters: ##"{"type":"object","properties":{"next":{"$ref":"#"}}}"##)
        }
    }

    @Test func serviceDetailHasTheExactKeysAndLenientIDs() async throws {
        try await withTopChef { client in
            let id = try await client.registerService()
            let job = try await client.submitJob(id)
            for path in [id, id.uppercased(), id.replacingOccurrences(of: "-", with: ""), "{\(id)}"] {
                let response = try await client.send(.get, "/services/\(path)")
                #expect(response.status == 200)
                #expect(Set(response.data.keys) == Fixtures.serviceDetailKeys)
                #expect(response.data["id"] as? String == id)
                #expect(response.data["timeout"] as? Int == 30)
                #expect(response.data["is_service_available"] as? Bool == false)
                #expect(response.data["has_timed_out"] as? Bool == false)
                let jobs = try #require(response.data["jobs"] as? [[String: Any]])
                #expect(jobs.count == 1)
                #expect(Set(jobs[0].keys) == Fixtures.jobOverviewKeys)
                #expect(jobs[0]["id"] as? String == job)
                #expect(
                    (response.object["links"] as? [String: String])?["self"]
                        == "http://topchef.test:5000/services/\(id)")
                #expect((response.object["meta"] as? [String: Any])?.keys.sorted() == ["service_schema"])
            }
        }
    }

    @Test func malformedAndUnknownServiceIDsAre404() async throws {
        try await withTopChef { client in
            let malformed = try await client.send(.get, "/services/not-a-uuid")
            #expect(malformed.status == 404)
            #expect(malformed.errorTitles == ["Not UUID Error"])
            #expect(malformed.errorDetails == ["The string not-a-uuid could not be converted to a UUID"])
            let unknown = try await client.send(.get, "/services/00000000-0000-0000-0000-000000000000")
            #expect(unknown.status == 404)
            #expect(unknown.errorTitles == ["Service Not Found"])
            #expect(
                unknown.errorDetails == ["A service with UUID 00000000-0000-0000-0000-000000000000 does not exist"])
            // The id is resolved before the body is read.
            let badBody = try await client.send(
                .post, "/services/00000000-0000-0000-0000-000000000000/jobs", json: "nonsense")
            #expect(badBody.errorTitles == ["Service Not Found"])
            for path in ["/services/x/jobs", "/services/x/queue", "/services/x/jobs/next"] {
                #expect(try await client.send(.get, path).errorTitles == ["Not UUID Error"])
            }
        }
    }

    @Test func patchWithoutJSONIsACheckIn() async throws {
        try await withTopChef { client in
            let id = try await client.registerService()
            for (body, contentType) in [
                (nil, nil), ("", "application/json"), (#"{"name":"x"}"#, "text/plain"), ("{", "application/json"),
                ("null", "application/json"),
            ] as [(String?, String?)] {
                let response = try await client.send(.patch, "/services/\(id)", json: body, contentType: contentType)
                #expect(response.status == 200)
                let meta = try #require(response.object["meta"] as? String)
                #expect(meta.hasPrefix("Service checked in at 20"))
                #expect(!meta.hasSuffix("+00:00"))
                #expect(Set(response.object.keys) == ["meta"])
            }
            #expect(try await client.send(.get, "/services/\(id)").data["name"] as? String == "Testing Service")
        }
    }

    @Test func patchModifiesFieldsAllOrNothing() async throws {
        try await withTopChef { client in
            let id = try await client.registerService()
            let response = try await client.send(
                .patch, "/services/\(id)",
                json:
                    #"{"is_available":"true","name":"Renamed","description":"New","timeout":"7","is_service_available":false}"#
            )
            #expect(response.status == 200)
            #expect(response.data["is_service_available"] as? Bool == true)
            #expect(response.data["name"] as? String == "Renamed")
            #expect(response.data["description"] as? String == "New")
            #expect(response.data["timeout"] as? Int == 7)
            #expect((response.object["meta"] as? [String: Any])?.keys.sorted() == ["service_schema"])

            let truncated = try await client.send(.patch, "/services/\(id)", json: #"{"timeout":2.7}"#)
            #expect(truncated.data["timeout"] as? Int == 2)

            let invalid = try await client.send(
                .patch, "/services/\(id)", json: #"{"is_available":"yes","name":5,"description":"applied?"}"#)
            #expect(invalid.status == 400)
            #expect(invalid.errorDetails.count == 2)
            for timeout in ["0", "0.5", "false", "-3", "\"abc\""] {
                let refused = try await client.send(
                    .patch, "/services/\(id)", json: #"{"timeout":\#(timeout),"name":"No"}"#)
                #expect(refused.status == 400)
                #expect(refused.errorDetails.first?.contains("'timeout'") == true)
            }
            let after = try await client.send(.get, "/services/\(id)")
            #expect(after.data["description"] as? String == "New")
            #expect(after.data["name"] as? String == "Renamed")
            #expect(after.data["timeout"] as? Int == 2)

            let array = try await client.send(.patch, "/services/\(id)", json: "[]")
            #expect(array.errorDetails == ["Valdation of key '_schema' threw error '['Invalid input type.']'."])
            let empty = try await client.send(.patch, "/services/\(id)", json: "{}")
            #expect(empty.status == 200)
        }
    }

    /// One PATCH with a timeout whose microseconds overflow used to crash the server, and every GET of the
    /// service after a restart. Beyond the original's longest period (Python's `timedelta`) it is refused
    /// as the original refused it; up to it, it is stored and the service never times out.
    @Test func aTimeoutBeyondTheLongestPeriodIsRefusedAndTheLongestIsKept() async throws {
        try await withTopChef { client in
            let id = try await client.registerService()
            for timeout in ["9.1e15", "86400000000000", "\"86400000000000\"", "1e300"] {
                let refused = try await client.send(.patch, "/services/\(id)", json: #"{"timeout":\#(timeout)}"#)
                #expect(refused.status == 400)
                #expect(refused.errorDetails.first?.contains("'timeout'") == true)
                #expect(refused.errorDetails.first?.contains("Not a valid period of time.") == true)
            }
            // The first is the value that crashed the server: its microseconds overflow `Int64`.
            for (text, seconds) in [("\"9223372036855\"", 9_223_372_036_855), ("86399999999999", 86_399_999_999_999)] {
                let kept = try await client.send(.patch, "/services/\(id)", json: #"{"timeout":\#(text)}"#)
                #expect(kept.status == 200)
                let detail = try await client.send(.get, "/services/\(id)")
                #expect(detail.status == 200)
                #expect(detail.data["timeout"] as? Int == seconds)
                #expect(detail.data["has_timed_out"] as? Bool == false)
                #expect(try await client.send(.get, "/services").status == 200)
            }
        }
    }

    @Test func everyPatchChecksInEvenARefusedOne() async throws {
        try await withTopChef { client in
            let id = try await client.registerService()
            #expect(try await client.send(.patch, "/services/\(id)", json: #"{"timeout":1}"#).status == 200)
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await client.send(.get, "/services/\(id)").data["has_timed_out"] as? Bool == true)
            #expect(try await client.send(.patch, "/services/\(id)", json: #"{"name":5}"#).status == 400)
            #expect(try await client.send(.get, "/services/\(id)").data["has_timed_out"] as? Bool == false)
        }
    }

    @Test func serviceDetailJobsArePagedOnlyWhenAsked() async throws {
        try await withTopChef { client in
            let id = try await client.registerService()
            var jobs: [String] = []
            for _ in 0..<5 { jobs.append(try await client.submitJob(id)) }
            let all = try await client.send(.get, "/services/\(id)")
            #expect((all.data["jobs"] as? [[String: Any]])?.count == 5)
            #expect((all.object["links"] as? [String: String])?.keys.sorted() == ["self"])
            let page = try await client.send(.get, "/services/\(id)?limit=2&after=\(jobs[0])")
            #expect((page.data["jobs"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [jobs[1], jobs[2]])
            #expect(
                (page.object["links"] as? [String: String])?["next"]
                    == "http://topchef.test:5000/services/\(id)?after=\(jobs[2])&limit=2")
        }
    }
}
