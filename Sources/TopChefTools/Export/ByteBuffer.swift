import EventStore
import Foundation
import TopChefCore

/// A growable byte buffer written through a raw pointer: the export's hot path, where ``JSONWriter``'s
/// per-byte array appends (a uniqueness and a capacity check each) cost more than the rendering itself.
/// Values are spelled by ``JSONOutput``'s `spell…` functions into the reserved memory, so it writes exactly
/// the bytes ``JSONWriter`` writes for the same values; the tests compare the two.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    /// UTC seconds whose text (`"YYYY-MM-DDTHH:MM:SS`, with the opening quote) ``timestamp(_:)`` wrote, and
    /// those texts, one slot per second modulo ``cachedSlots``: an event's recording time and the times in its
    /// data fall within a few seconds of each other and of the next event's, and working out the calendar
    /// date per time cost more than the rest of writing it. One slot was not enough: a recording time and a
    /// data time a second apart took it from each other on every event.
    private static let cachedSlots = 8
    private let cachedSeconds = UnsafeMutablePointer<Int64>.allocate(capacity: cachedSlots)
    private let cachedSecondTexts = UnsafeMutablePointer<UInt8>.allocate(capacity: 20 * cachedSlots)

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        cachedSeconds.initialize(repeating: .min, count: Self.cachedSlots)
    }

    deinit {
        base.deallocate()
        cachedSeconds.deallocate()
        cachedSecondTexts.deallocate()
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
        if let sequence = JSONOutput.escapeSequence(of: byte, .newlinesAndTabs) {
            append(sequence)
        } else if byte < 0x20 {
            append("\\u00")
            append(JSONOutput.hexDigit(byte >> 4))
            append(JSONOutput.hexDigit(byte & 0xF))
        } else {
            append(byte)
        }
    }

    /// A decimal integer.
    func number(_ value: UInt64) {
        let length = JSONOutput.decimalLength(value)
        reserve(length)
        JSONOutput.spellDecimal(value, into: base + count)
        count += length
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
        reserve(JSONOutput.uuidLength + 2)
        base[count] = UInt8(ascii: "\"")
        JSONOutput.spellUUID(value, into: base + count + 1)
        base[count + 1 + JSONOutput.uuidLength] = UInt8(ascii: "\"")
        count += JSONOutput.uuidLength + 2
    }

    /// Bytes as a lowercase hexadecimal string.
    func hex(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count * 2 + 2)
        base[count] = UInt8(ascii: "\"")
        JSONOutput.spellHex(bytes, into: base + count + 1)
        base[count + 1 + 2 * bytes.count] = UInt8(ascii: "\"")
        count += 2 * bytes.count + 2
    }

    /// A time as ISO 8601 UTC with microseconds, quoted (``JSONWriter/timestamp(_:)``).
    func timestamp(_ value: Timestamp) {
        let length = JSONOutput.utcMicrosecondsLength + 2
        reserve(length)
        let out = base + count
        // Truncated towards zero: a time before 1970 has a negative remainder, and no cache.
        let (second, microsecond) = value.microsecondsSinceEpoch.quotientAndRemainder(dividingBy: 1_000_000)
        let slot = Int(truncatingIfNeeded: second) & (Self.cachedSlots - 1)
        if cachedSeconds[slot] == second && microsecond >= 0 {
            out.update(from: cachedSecondTexts + 20 * slot, count: 20)
            out[20] = UInt8(ascii: ".")
            var rest = microsecond
            for index in stride(from: 26, through: 21, by: -1) {
                out[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            out[27] = UInt8(ascii: "Z")
            out[28] = UInt8(ascii: "\"")
            count += length
            return
        }
        guard JSONOutput.spellUTCMicroseconds(value.utcComponents, into: out + 1) else {
            string(value.description)
            return
        }
        out[0] = UInt8(ascii: "\"")
        out[length - 1] = UInt8(ascii: "\"")
        count += length
        if microsecond >= 0 {
            cachedSeconds[slot] = second
            (cachedSecondTexts + 20 * slot).update(from: out, count: 20)
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
