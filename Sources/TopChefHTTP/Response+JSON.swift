import HTTPTypes
import Hummingbird
import NIOCore

extension HTTPField.Name {
    /// `X-HTTP-Method-Override`: the method a client that cannot send it really means.
    static let methodOverride = HTTPField.Name("X-HTTP-Method-Override")!
}

extension Response {
    /// A response whose body is the JSON text `bytes`.
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, location: String? = nil) -> Response {
        // Appended in the order the subscripts and `Response.init` would give (Content-Length last): setting
        // through the subscript searches and replaces, a measurable cost on every answer.
        var headers = HTTPFields()
        headers.reserveCapacity(3)
        headers.append(HTTPField(name: .contentType, value: "application/json"))
        if let location { headers.append(HTTPField(name: .location, value: location)) }
        headers.append(HTTPField(name: .contentLength, value: String(bytes.count)))
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// 204 with an empty body.
    static var noContent: Response { Response(status: .noContent) }
}
