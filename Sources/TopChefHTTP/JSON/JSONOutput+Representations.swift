import EventStore
import TopChefCore

/// The contract's objects. Their key sets are fixed: the Java client rejects any unknown key.
extension JSONOutput {
    /// JobDetail: `{"date_submitted","id","parameters","results","status"}`.
    mutating func jobDetail(_ job: JobRecord) {
        raw("{\"date_submitted\":")
        timestamp(job.submittedAt, style: .pythonAware)
        raw(",\"id\":")
        uuid(job.id)
        raw(",\"parameters\":")
        raw(job.parameters)
        raw(",\"results\":")
        if let results = job.results { raw(results) } else { raw("null") }
        raw(",\"status\":\"")
        status(job.status)
        raw("\"}")
    }

    /// JobOverview: `{"date_submitted","id","status"}`.
    mutating func jobOverview(_ job: JobRecord) {
        raw("{\"date_submitted\":")
        timestamp(job.submittedAt, style: .pythonAware)
        raw(",\"id\":")
        uuid(job.id)
        raw(",\"status\":\"")
        status(job.status)
        raw("\"}")
    }

    private mutating func status(_ status: JobStatus) {
        switch status {
        case .registered: raw("REGISTERED")
        case .working: raw("WORKING")
        case .completed: raw("COMPLETED")
        case .error: raw("ERROR")
        }
    }

    /// An array of jobs, each written by `element`.
    mutating func array(_ jobs: [JobRecord], _ element: (inout JSONOutput, JobRecord) -> Void) {
        byte(UInt8(ascii: "["))
        for (position, job) in jobs.enumerated() {
            if position > 0 { byte(UInt8(ascii: ",")) }
            element(&self, job)
        }
        byte(UInt8(ascii: "]"))
    }

    /// ServiceOverview: `{"description","id","name"}`.
    mutating func serviceOverview(_ service: ServiceRecord) {
        raw("{\"description\":")
        string(service.description)
        raw(",\"id\":")
        uuid(service.id)
        raw(",\"name\":")
        string(service.name)
        byte(UInt8(ascii: "}"))
    }

    /// ServiceDetail: `{"description","has_timed_out","id","is_service_available","job_registration_schema",
    /// "job_result_schema","jobs","name","timeout"}`, with `jobs` as overviews.
    mutating func serviceDetail(_ service: ServiceRecord, jobs: [JobRecord], now: Timestamp) {
        raw("{\"description\":")
        string(service.description)
        raw(",\"has_timed_out\":")
        bool(service.hasTimedOut(at: now))
        raw(",\"id\":")
        uuid(service.id)
        raw(",\"is_service_available\":")
        bool(service.isAvailable)
        raw(",\"job_registration_schema\":")
        raw(service.parametersSchema)
        raw(",\"job_result_schema\":")
        raw(service.resultsSchema)
        raw(",\"jobs\":")
        array(jobs) { $0.jobOverview($1) }
        raw(",\"name\":")
        string(service.name)
        raw(",\"timeout\":")
        integer(service.timeoutSeconds)
        byte(UInt8(ascii: "}"))
    }

    /// `"links":{"self":"<url>"}` (with `"next"` when a page follows).
    mutating func links(base: String, path: String, next: String? = nil) {
        raw("\"links\":{")
        if let next {
            raw("\"next\":")
            string(base + next)
            byte(UInt8(ascii: ","))
        }
        raw("\"self\":")
        string(base + path)
        byte(UInt8(ascii: "}"))
    }
}
