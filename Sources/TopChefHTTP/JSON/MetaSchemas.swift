/// The JSON Schemas that responses carry in `meta`, as compact JSON text ready to splice.
///
/// They follow the original's (same titles, descriptions and key order), with part 1's fixes: each
/// describes the data it accompanies (`timeout` is an integer, `results` may be `null`, `new_job_schema`
/// requires `parameters`, no draft-4-invalid empty `required`).
enum MetaSchemas {
    private static let draft4 = #""$schema":"http://json-schema.org/draft-04/schema#""#
    private static let statusProperty =
        #""status":{"enum":["REGISTERED","WORKING","COMPLETED","ERROR"],"type":"string"}"#

    private static func readonlyString(_ name: String, format: String? = nil) -> String {
        let format = format.map { #""format":"\#($0)","# } ?? ""
        return #""\#(name)":{\#(format)"readonly":true,"title":"\#(name)","type":"string"}"#
    }

    /// The properties of a job's full representation.
    private static let jobProperties =
        #""properties":{"date_submitted":{"format":"date-time","title":"date_submitted","type":"string"},"#
        + #""id":{"format":"uuid","title":"id","type":"string"},"parameters":{"title":"parameters","type":"object"},"#
        + #""results":{"title":"results","type":["object","null"]},"# + statusProperty
        + #"},"required":["date_submitted","id","parameters","results","status"]"#

    /// The properties of a job's overview.
    private static let jobOverviewProperties =
        #""properties":{"# + readonlyString("date_submitted", format: "date-time") + ","
        + readonlyString("id", format: "uuid") + "," + statusProperty
        + #"},"required":["date_submitted","id","status"]"#

    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// `GET /`: `meta.schema`.
    static let apiMetadata = bytes(
        "{" + draft4 + #","description":"Describes the JSON schema for describing API metadata","properties":{"#
            + ["documentation_url", "maintainer_email", "maintainer_name", "source_code_repository_url", "version"]
            .map { readonlyString($0) }.joined(separator: ",")
            + #"},"required":["documentation_url","maintainer_email","maintainer_name","source_code_repository_url","version"],"title":"API Metadata","type":"object"}"#
    )

    /// `GET /services`: `meta.new_service_schema`.
    static let newService = bytes(
        "{" + draft4
            + #","description":"The schema that must be satisfied in order to post a new service","properties":{"description":{"title":"description","type":"string"},"job_registration_schema":{"title":"job_registration_schema","type":"object"},"job_result_schema":{"title":"job_result_schema","type":"object"},"name":{"title":"name","type":"string"}},"required":["description","job_registration_schema","job_result_schema","name"],"title":"New Service Schema","type":"object"}"#
    )

    /// `GET /services`: `meta.service_schema`.
    static let serviceOverview = bytes(
        "{" + draft4 + #","description":"The schema for each entry in the services list","properties":{"#
            + readonlyString("description") + "," + readonlyString("id", format: "uuid") + ","
            + readonlyString("name")
            + #"},"required":["description","id","name"],"title":"Service overview schema","type":"object"}"#
    )

    /// `GET /services/<id>`: `meta.service_schema`.
    static let serviceDetail = bytes(
        "{" + draft4 + #","description":"A comprehensive schema for displaying services","properties":{"#
            + readonlyString("description")
            + #","has_timed_out":{"readonly":true,"title":"has_timed_out","type":"boolean"},"#
            + readonlyString("id", format: "uuid")
            + #","is_service_available":{"readonly":true,"title":"is_service_available","type":"boolean"},"#
            + #""job_registration_schema":{"readonly":true,"title":"job_registration_schema","type":"object"},"#
            + #""job_result_schema":{"readonly":true,"title":"job_result_schema","type":"object"},"#
            + #""jobs":{"items":{"# + jobOverviewProperties + #","type":"object"},"type":["array","null"]},"#
            + readonlyString("name") + #","timeout":{"readonly":true,"title":"timeout","type":"integer"}},"#
            + #""required":["description","has_timed_out","id","is_service_available","job_registration_schema","job_result_schema","name","timeout"],"#
            + #""title":"Detailed Service Schema","type":"object"}"#
    )

    /// `GET /services/<id>/jobs`: `meta.data_schema`.
    static let jobsForService = bytes(
        "{" + draft4
            + #","description":"The schema for reading data contained in the data key of this response","items":{"#
            + draft4
            + #","description":"The schema for reading data contained in the data key of this response","#
            + jobProperties + #","title":"Data Schema","type":"object"},"title":"Data Schema","type":"array"}"#
    )

    /// The start of `meta.new_job_schema` of `GET /services/<id>/jobs`; the service's registration schema
    /// follows, then ``newJobSuffix``.
    static let newJobPrefix = bytes(
        "{" + draft4
            + #","description":"The schema that a POST request must satisfy in order to create a new job","properties":{"parameters":"#
    )

    /// The end of `meta.new_job_schema`.
    static let newJobSuffix = bytes(#"},"required":["parameters"],"title":"New Job Schema","type":"object"}"#)

    /// `GET /services/<id>/jobs/next`: `meta.job_schema`.
    static let job = bytes(
        "{" + draft4 + #","description":"The schema representing the job","# + jobProperties
            + #","title":"Job Schema","type":"object"}"#
    )

    /// `GET /services/<id>/queue`: `meta.data_schema`.
    static let queue = bytes(
        "{" + draft4 + #","description":"The schema for the data in the \"data\" key","items":{"# + draft4 + ","
            + jobProperties + #","type":"object"},"title":"Job List Schema","type":"array"}"#
    )

    /// `GET /jobs`: `meta.data_schema`.
    static let jobOverviewList = bytes(
        "{" + draft4 + #","description":"Describes how jobs are presented in the \"data\" endpoint","items":{"#
            + draft4 + "," + jobOverviewProperties + #","type":"object"},"title":"Job Endpoint Schema","type":"array"}"#
    )

    /// `GET /jobs/<id>`: `meta.job_info_schema`.
    static let jobInfo = bytes(
        "{" + draft4 + #","description":"The schema for all displayable data for a job","# + jobProperties
            + #","title":"Detailed Job Schema","type":"object"}"#
    )

    /// `GET /jobs/<id>`: `meta.patch_request_schema`.
    static let jobPatchRequest = bytes(
        "{" + draft4
            + #","description":"The schema for a request that modifies a job","properties":{"results":{"title":"results","type":["object","null"]},"status":{"enum":["REGISTERED","WORKING","COMPLETED","ERROR",null],"type":["string","null"]}},"title":"Job Modification Schema","type":"object"}"#
    )

    /// `GET /validator`: `meta.validator_schema`.
    static let validator = bytes(
        "{" + draft4
            + #","description":"The schema that must be satisfied in order to validate an instance against a schema","properties":{"object":{"title":"object","type":"object"},"schema":{"title":"schema","type":"object"}},"required":["object","schema"],"title":"JSON Schema Validator","type":"object"}"#
    )
}
