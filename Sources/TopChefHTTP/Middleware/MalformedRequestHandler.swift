import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a connection whose first request is not HTTP/1.1 that the parser accepts (a method token it
/// does not know, a URL or headers over its limits, a malformed Content-Length) with the API's JSON error
/// document, where Hummingbird would answer an empty 400. Either way the connection then closes.
///
/// Only the first request of a connection is covered: the handler removes itself once a request has
/// started, so that keep-alive traffic never passes through it, and so that it can never write into the
/// middle of a response Hummingbird is sending. A later malformed request gets Hummingbird's empty 400.
final class MalformedRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private var isLeaving = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
        // A request's head, body and end can come in one read: leave once.
        guard !isLeaving else { return }
        isLeaving = true
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let apiError = APIError.malformedHTTP(parseError)
        let body = apiError.body
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.count)
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: apiError.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
