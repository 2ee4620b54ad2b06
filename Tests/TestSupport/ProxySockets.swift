import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The few socket calls `FaultProxy` needs. Every wait is a short poll so that a pump
/// thread notices within `slice` that its connection is ending and never blocks for good.
enum ProxySockets {
    /// Milliseconds of one poll; the longest a pump takes to notice a teardown.
    static let slice: Int32 = 50

    /// A listening socket on 127.0.0.1, on `port` or (0) an ephemeral one.
    static func listen(port: UInt16 = 0) throws -> (descriptor: Int32, port: UInt16) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("fault proxy: socket() failed: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(descriptor, 16) == 0 else {
            Glibc.close(descriptor)
            throw TestSupportError("fault proxy: bind/listen on 127.0.0.1 failed: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(descriptor, $0, &length) }
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    /// A blocking connect to 127.0.0.1:`port`; nil when nothing answers.
    static func connect(port: UInt16) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Non-blocking from now on (all waits go through poll), and no Nagle: the proxy
    /// must not add the delays the engine avoids with TCP_NODELAY.
    static func prepare(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL, 0) | O_NONBLOCK)
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Waits one slice for `events`; true when the socket is ready (or in error).
    static func ready(_ descriptor: Int32, events: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(events), revents: 0)
        return poll(&entry, 1, slice) > 0
    }

    /// Sends all of `bytes`, giving up (false) when the peer is gone or `abandon` says so.
    static func send(_ bytes: ArraySlice<UInt8>, to descriptor: Int32, abandon: () -> Bool) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            if abandon() { return false }
            guard ready(descriptor, events: Int32(POLLOUT)) else { continue }
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Makes the next close send an RST instead of a FIN.
    static func lingerZero(_ descriptor: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
