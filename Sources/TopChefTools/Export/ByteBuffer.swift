import EventStore
import Foundation
import TopChefCore

/// A growable byte buffer written through a raw pointer: the export's hot path, where ``JSONWriter``'s
/// per-byte array appends (a uniqueness and a capacity check each) and per-number strings cost more than
/// the rendering itself. It writes exactly the bytes ``JSONWriter`` writes for the same values; the tests
/// compare the two.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written, in place (valid until the next write).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Forgets what was written, keeping the memory.
    func removeAll() {
        count = 0
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends ASCII text known at compile time (keys and punctuation).
    @inline(__always)
    func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    // MARK: - JSON values, as JSONWriter writes them

    /// A JSON string of UTF-8 bytes, escaped as ``JSONWriter`` escapes.
    func string(_ utf8: UnsafeRawBufferPointer) {
        append(UInt8(ascii: "\""))
        var clean = true
        for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            clean = false
            break
        }
        if clean {
            append(utf8)
        } else {
            for byte in utf8 { escaped(byte) }
        }
        append(UInt8(ascii: "\""))
    }

    func string(_ text: String) {
        var text = text
        text.withUTF8 { string(UnsafeRawBufferPointer($0)) }
    }

    private func escaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0..<0x20:
            append("\\u00")
            append(Self.hexDigits[Int(byte >> 4)])
            append(Self.hexDigits[Int(byte & 0xF)])
        default: append(byte)
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A decimal integer.
    func number(_ value: UInt64) {
        reserve(20)
        if value < 10 {
            base[count] = UInt8(ascii: "0") + UInt8(value)
            count += 1
            return
        }
        var digits = 0
        var rest = value
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        rest = value
        var position = count + digits - 1
        while rest > 0 {
            base[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            position -= 1
        }
        count += digits
    }

    func number(_ value: Int64) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            number(value.magnitude)
        } else {
            number(UInt64(value))
        }
    }

    /// A UUID as a lowercase, dashed string.
    func uuid(_ value: UUID) {
        reserve(38)
        var position = count
        base[position] = UInt8(ascii: "\"")
        position += 1
        withUnsafeBytes(of: value.uuid) { raw in
            Self.hexDigits.withUnsafeBufferPointer { hex in
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        base[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    let byte = raw[index]
                    base[position] = hex[Int(byte >> 4)]
                    base[position + 1] = hex[Int(byte & 0xF)]
                    position += 2
                }
            }
        }
        base[position] = UInt8(ascii: "\"")
        count = position + 1
    }

    /// Bytes as a lowercase hexadecimal string.
    func hex(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count * 2 + 2)
        var position = count
        base[position] = UInt8(ascii: "\"")
        position += 1
        Self.hexDigits.withUnsafeBufferPointer { hex in
            for byte in bytes {
                base[position] = hex[Int(byte >> 4)]
                base[position + 1] = hex[Int(byte & 0xF)]
                position += 2
            }
        }
        base[position] = UInt8(ascii: "\"")
        count = position + 1
    }

    /// A time as ISO 8601 UTC with microseconds, quoted (``JSONWriter/timestamp(_:)``).
    func timestamp(_ value: Timestamp) {
        let parts = value.utcComponents
        let (year, month, day) = (parts.year, parts.month, parts.day)
        let fraction = parts.microsecond
        guard (0...9999).contains(year) else {
            string(value.description)
            return
        }
        reserve(29)
        let p = base + count
        p[0] = UInt8(ascii: "\"")
        Self.digits(year, 4, p + 1)
        p[5] = UInt8(ascii: "-")
        Self.digits(month, 2, p + 6)
        p[8] = UInt8(ascii: "-")
        Self.digits(day, 2, p + 9)
        p[11] = UInt8(ascii: "T")
        Self.digits(parts.hour, 2, p + 12)
        p[14] = UInt8(ascii: ":")
        Self.digits(parts.minute, 2, p + 15)
        p[17] = UInt8(ascii: ":")
        Self.digits(parts.second, 2, p + 18)
        p[20] = UInt8(ascii: ".")
        Self.digits(fraction, 6, p + 21)
        p[27] = UInt8(ascii: "Z")
        p[28] = UInt8(ascii: "\"")
        count += 29
    }

    @inline(__always)
    private static func digits(_ value: Int64, _ width: Int, _ out: UnsafeMutablePointer<UInt8>) {
        var rest = value
        var index = width - 1
        while index >= 0 {
            out[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        }
    }

    // MARK: - Documents

    /// An event as ``JSONWriter/event(_:_:)`` writes it, from a record read in place.
    func event(_ parts: RecordParts, _ event: DomainEvent) {
        append("{\"sequence\":")
        number(parts.sequence)
        append(",\"stream\":")
        string(parts.streamID)
        append(",\"version\":")
        number(parts.streamVersion)
        append(",\"type\":")
        string(parts.type)
        append(",\"type_version\":")
        number(UInt64(parts.typeVersion))
        append(",\"recorded_at\":")
        timestamp(parts.recordedAt)
        append(",\"metadata\":")
        metadata(parts)
        append(",\"data\":")
        eventData(event)
        append(",\"hash\":")
        hex(parts.hash)
        append(UInt8(ascii: "}"))
    }

    /// The metadata members that are present, as an object.
    func metadata(_ parts: RecordParts) {
        append(UInt8(ascii: "{"))
        var first = true
        metadataMember("\"request_id\":", parts.requestID, &first)
        metadataMember("\"idempotency_key\":", parts.idempotencyKey, &first)
        metadataMember("\"actor\":", parts.actor, &first)
        append(UInt8(ascii: "}"))
    }

    private func metadataMember(_ key: StaticString, _ value: UnsafeRawBufferPointer?, _ first: inout Bool) {
        guard let value else { return }
        if !first { append(UInt8(ascii: ",")) }
        first = false
        append(key)
        string(value)
    }

    /// The data of a domain event as ``JSONWriter/eventData(_:)`` writes it.
    func eventData(_ event: DomainEvent) {
        switch event {
        case .jobStatusChanged(let event):
            append("{\"job_id\":")
            uuid(event.jobID)
            append(",\"from\":")
            string(event.from.rawValue)
            append(",\"to\":")
            string(event.to.rawValue)
            append(",\"changed_at\":")
            timestamp(event.changedAt)
        case .jobSubmitted(let event):
            append("{\"job_id\":")
            uuid(event.jobID)
            append(",\"service_id\":")
            uuid(event.serviceID)
            append(",\"parameters\":")
            append(event.parameters)
            append(",\"submitted_at\":")
            timestamp(event.submittedAt)
        case .jobResultsRecorded(let event):
            append("{\"job_id\":")
            uuid(event.jobID)
            append(",\"results\":")
            append(event.results)
            append(",\"recorded_at\":")
            timestamp(event.recordedAt)
        case .serviceRegistered(let event):
            append("{\"service_id\":")
            uuid(event.serviceID)
            append(",\"name\":")
            string(event.name)
            append(",\"description\":")
            string(event.description)
            append(",\"job_registration_schema\":")
            append(event.parametersSchema)
            append(",\"job_result_schema\":")
            append(event.resultsSchema)
            append(",\"timeout\":")
            number(event.timeoutSeconds)
            append(",\"registered_at\":")
            timestamp(event.registeredAt)
        case .serviceUpdated(let event):
            append("{\"service_id\":")
            uuid(event.serviceID)
            if let name = event.name {
                append(",\"name\":")
                string(name)
            }
            if let description = event.description {
                append(",\"description\":")
                string(description)
            }
            if let timeout = event.timeoutSeconds {
                append(",\"timeout\":")
                number(timeout)
            }
            if let available = event.isAvailable {
                append(",\"is_service_available\":")
                append(available ? "true" : "false")
            }
            append(",\"updated_at\":")
            timestamp(event.updatedAt)
        }
        append(UInt8(ascii: "}"))
    }

    /// A job as ``JSONWriter/job(_:)`` writes it.
    func job(_ job: JobRecord) {
        append("{\"id\":")
        uuid(job.id)
        append(",\"service_id\":")
        uuid(job.serviceID)
        append(",\"status\":")
        string(job.status.rawValue)
        append(",\"parameters\":")
        append(job.parameters)
        append(",\"results\":")
        if let results = job.results { append(results) } else { append("null") }
        append(",\"date_submitted\":")
        timestamp(job.submittedAt)
        append(",\"submission_sequence\":")
        number(job.submissionSequence)
        append(",\"version\":")
        number(job.streamVersion)
        append(UInt8(ascii: "}"))
    }
}
