import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing
import TopChefCore

@testable import TopChefHTTP

/// Submissions skip the router (``HotRouteResponder``): whatever the path, the answer must be the router's.
@Suite("submissions answered before the router")
struct HotRouteTests {
    typealias Hot = HotRouteResponder<RouterResponder<TopChefRequestContext>>

    @Test func takesOnlyTheNarrowSubmissionPath() {
        let id = "7ac508dd-c497-4d88-9087-c4e7628b30cb"
        #expect(Hot.submissionServiceID("/services/\(id)/jobs") == Substring(id))
        #expect(Hot.submissionServiceID("/services/x%7B/jobs") == "x%7B")
        for path in [
            "/services//jobs", "/services/\(id)/jobs/", "//services/\(id)/jobs", "/services/\(id)/jobs/next",
            "/services/a/b/jobs", "/services/é/jobs", "/services/a b/jobs", "/Services/\(id)/jobs", "/services/jobs",
            "/services/\(id)/Jobs", "",
        ] {
            #expect(Hot.submissionServiceID(path) == nil, "\(path)")
        }
    }

    @Test func answersAsTheRouterDoes() async throws {
        let directory = TemporaryDirectory()
        let configuration = TopChefConfiguration(host: "127.0.0.1", port: 0, dataDirectory: directory.path)
        let broker = try Broker.open(directory: directory.path)
        defer { broker.close() }
        let api = TopChefAPI(broker: broker, schemas: SchemaCache(), configuration: configuration)
        let routed = Application(responder: MethodOverrideResponder(base: buildRouter(api).0.buildResponder()))
        let (router, errorMiddleware) = buildRouter(api)
        let controller = JobsForServiceController(api: api)
        let hot = Application(
            responder: MethodOverrideResponder(
                base: HotRouteResponder(
                    base: router.buildResponder(), errorMiddleware: errorMiddleware,
                    submit: { try await controller.submit($0, $1, servicePathID: $2) })))
        let service = try await routed.test(.router) { try await $0.registerService() }
        let paths = [
            "/services/\(service)/jobs", "/services/\(service.uppercased())/jobs", "/services/{\(service)}/jobs",
            "/services/%7B\(service)%7D/jobs", "/services/\(service)/jobs/", "//services/\(service)/jobs",
            "/services/\(service)/jobs?x=1", "/services/nope/jobs", "/services/\(UUID().uuidString)/jobs",
            "/services/\(service)/jobs/next", "/services//jobs",
        ]
        let bodies = [#"{"parameters":{"value":3}}"#, #"{"parameters":{"value":30}}"#, "[]", "x"]
        for path in paths {
            for body in bodies {
                let expected = try await routed.test(.router) { try await $0.send(.post, path, json: body) }
                let answer = try await hot.test(.router) { try await $0.send(.post, path, json: body) }
                #expect(answer.status == expected.status, "\(path) \(body)")
                #expect(answer.headers[.contentType] == expected.headers[.contentType], "\(path) \(body)")
                #expect(answer.headers[.allow] == expected.headers[.allow], "\(path) \(body)")
                if expected.status == 201 {
                    // Each submission is a new job: compare the answers without their ids and times.
                    #expect(Set(answer.data.keys) == Set(expected.data.keys))
                    let parameters = answer.data["parameters"] as? [String: Int]
                    #expect(parameters == expected.data["parameters"] as? [String: Int])
                } else {
                    #expect(answer.text == expected.text, "\(path) \(body)")
                }
            }
        }
    }
}
