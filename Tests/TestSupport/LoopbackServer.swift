import COpenSSL
import COpenSSLShim
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-connection TCP server on 127.0.0.1 with an ephemeral port, whose behaviour a
/// test writes as a closure over the accepted socket. Used for hostile and broken
/// servers that no real server can be made to imitate.
public final class LoopbackServer: @unchecked Sendable {
    public let port: UInt16
    private let listener: Int32
    private let finished = DispatchSemaphore(value: 0)

    /// Starts listening on 127.0.0.1 (or ::1 with `ipv6`) and runs `handler` on a
    /// background thread for the first client.
    public init(ipv6: Bool = false, handler: @escaping @Sendable (AcceptedClient) throws -> Void) throws {
        let listener = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw TestSupportError("socket() failed") }
        self.listener = listener
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_addr = in6addr_loopback
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
            guard bound == 0, listen(listener, 4) == 0 else { throw TestSupportError("bind/listen on ::1 failed") }
            var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) }
            }
            port = UInt16(bigEndian: address.sin6_port)
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(listener, 4) == 0 else { throw TestSupportError("bind/listen failed") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) }
            }
            port = UInt16(bigEndian: address.sin_port)
        }
        let finished = self.finished
        Thread.detachNewThread {
            defer { finished.signal() }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            let client = AcceptedClient(descriptor: fd)
            defer { client.close() }
            try? handler(client)
        }
    }

    /// Waits (bounded) for the handler to finish, then stops listening.
    public func stop(timeout: Double = 5) {
        _ = finished.wait(timeout: .now() + timeout)
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }
}

/// The server's side of one accepted connection: plain bytes, then optionally TLS.
public final class AcceptedClient: @unchecked Sendable {
    private let descriptor: Int32
    private var context: OpaquePointer?
    private var ssl: OpaquePointer?

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        if let ssl {
            _ = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32(bytes.count)) }
        } else {
            _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        }
    }

    /// Reads up to and including the next LF (or whatever arrives before close).
    public func readLine() -> String {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.last != 0x0A {
            let count: Int
            if let ssl {
                count = Int(SSL_read(ssl, &byte, 1))
            } else {
                count = recv(descriptor, &byte, 1, 0)
            }
            if count <= 0 { break }
            line.append(byte)
        }
        return String(decoding: line, as: UTF8.self)
    }

    /// Reads exactly `count` bytes (fewer only if the peer closes first): the data of
    /// an IMAP literal, which need not end in a line break.
    public func read(count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < count {
            let got: Int
            if let ssl {
                got = Int(SSL_read(ssl, &byte, 1))
            } else {
                got = recv(descriptor, &byte, 1, 0)
            }
            if got <= 0 { break }
            bytes.append(byte)
        }
        return bytes
    }

    /// Sends raw bytes (a literal that is not UTF-8, a lone control byte).
    public func send(bytes: [UInt8]) {
        if let ssl {
            _ = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32(bytes.count)) }
        } else {
            _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        }
    }

    /// Runs the server side of a TLS handshake with the given certificate and key.
    public func startTLS(certificateFile: String, keyFile: String) throws {
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw TestSupportError("SSL_CTX_new failed") }
        self.context = context
        guard SSL_CTX_use_certificate_chain_file(context, certificateFile) == 1,
              SSL_CTX_use_PrivateKey_file(context, keyFile, SSL_FILETYPE_PEM) == 1 else {
            throw TestSupportError("cannot load \(certificateFile) / \(keyFile)")
        }
        guard let ssl = SSL_new(context) else { throw TestSupportError("SSL_new failed") }
        self.ssl = ssl
        SSL_set_fd(ssl, descriptor)
        guard SSL_accept(ssl) == 1 else { throw TestSupportError("the client's TLS handshake failed") }
    }

    public func close() {
        if let ssl { SSL_shutdown(ssl); SSL_free(ssl) }
        if let context { SSL_CTX_free(context) }
        ssl = nil
        context = nil
        Glibc.close(descriptor)
    }
}
