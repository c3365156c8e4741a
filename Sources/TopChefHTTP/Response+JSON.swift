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
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// 204 with an empty body.
    static var noContent: Response { Response(status: .noContent) }
}
