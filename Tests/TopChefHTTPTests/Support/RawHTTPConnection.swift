import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A response read off the wire.
struct RawResponse: Sendable {
    /// The status code.
    var status: Int
    /// Header lines as (lowercased name, value).
    var headers: [(String, String)]
    /// The body.
    var body: [UInt8]

    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.0 == name.lowercased() }?.1
    }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }
}

/// A blocking HTTP/1.1 connection over a plain socket, writing requests byte for byte, so that tests can
/// send what real clients send (no Content-Length, HEAD, keep-alive). Every read has a timeout.
final class RawHTTPConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`. The default timeout is generous because the whole suite runs at once
    /// in one process on two cores: an in-process server shares the cooperative pool with every other
    /// test, and one answer took more than 10 s in a fresh-clone CI run while the answers themselves take
    /// milliseconds. A server that never answers still fails the test.
    init(port: Int, timeoutSeconds: Int = 30) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestFailure("socket() failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // No close(socket) here: the init throws with every property set, so deinit runs and closes it. A
        // second close would close whatever descriptor the process (NIO, LMDB, another test) got with the
        // same number in between: sockets talking to the wrong server, EBADF from epoll_ctl in NIO.
        guard result == 0 else { throw TestFailure("connect to port \(port) failed: errno \(errno)") }
    }

    deinit { close(socket) }

    /// Writes `text` as is.
    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw TestFailure("send failed: errno \(errno)") }
            offset += written
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw TestFailure("connection closed or timed out (errno \(errno))") }
        buffer.append(contentsOf: chunk[0..<count])
    }

    /// Reads one response; `head` says whether it answers a HEAD request (no body follows).
    func readResponse(head: Bool = false) throws -> RawResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        var end: Int?
        while end == nil {
            if buffer.count >= 4 {
                end = (0...(buffer.count - 4)).first { Array(buffer[$0..<$0 + 4]) == separator }
            }
            if end == nil { try fill() }
        }
        let headText = String(decoding: buffer[0..<end!], as: UTF8.self)
        buffer.removeFirst(end! + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestFailure("bad status line") }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (
                line[..<colon].lowercased(),
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            )
        }
        var response = RawResponse(status: status, headers: headers, body: [])
        if head || status == 204 || status == 304 { return response }
        if let length = response.header("content-length").flatMap({ Int($0) }) {
            while buffer.count < length { try fill() }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else if response.header("transfer-encoding")?.lowercased() == "chunked" {
            while true {
                var lineEnd: Int?
                while lineEnd == nil {
                    lineEnd =
                        buffer.count >= 2
                        ? (0...(buffer.count - 2)).first { buffer[$0] == 13 && buffer[$0 + 1] == 10 } : nil
                    if lineEnd == nil { try fill() }
                }
                let size = Int(String(decoding: buffer[0..<lineEnd!], as: UTF8.self), radix: 16) ?? 0
                buffer.removeFirst(lineEnd! + 2)
                while buffer.count < size + 2 { try fill() }
                response.body += buffer[0..<size]
                buffer.removeFirst(size + 2)
                if size == 0 { break }
            }
        }
        return response
    }

    /// Sends a request and reads its response.
    func request(
        _ method: String, _ path: String, headers: [String] = [], body: String? = nil, contentLength: Bool = true
    ) throws -> RawResponse {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for header in headers { text += header + "\r\n" }
        if let body, contentLength { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        try write(text)
        return try readResponse(head: method == "HEAD")
    }
}
