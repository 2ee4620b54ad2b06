import Foundation
import Transport

/// RFC 8058 one-click unsubscription: an HTTPS POST of `List-Unsubscribe=One-Click` to
/// the URI a list gave in List-Unsubscribe, a minimal HTTP/1.1 request over Transport's
/// TLS connection, with its certificate checks (the system's CAs and the host name;
/// `SSL_CERT_FILE` names more CAs, as for OpenSSL). Redirects are not followed (RFC 8058
/// section 3.2 asks senders not to send them); any answer but 2xx is a failure in words.
public struct OneClickUnsubscribe: Sendable {
    /// The parts of an `https:` URI the request needs.
    public struct Target: Sendable, Equatable {
        public var host: String
        public var port: UInt16
        /// Path and query, percent-encoded where a request line needs it.
        public var path: String

        /// Parses `https://host[:port]/path?query`; nil for anything else (another
        /// scheme, user information, a bad port, control characters or spaces).
        public init?(_ uri: String) {
            guard uri.lowercased().hasPrefix("https://"), uri.utf8.count <= 8_192,
                  !uri.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else { return nil }
            let rest = uri.dropFirst("https://".count)
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            guard !authority.isEmpty, !authority.contains("@") else { return nil }
            var hostPart = Substring(authority)
            var portPart: Substring?
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else { return nil }
                hostPart = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                if !after.isEmpty {
                    guard after.hasPrefix(":") else { return nil }
                    portPart = after.dropFirst()
                }
            } else if let colon = authority.lastIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            }
            guard !hostPart.isEmpty, hostPart.allSatisfy({ $0.isLetter || $0.isNumber || ".-:".contains($0) }) else { return nil }
            host = String(hostPart)
            if let portPart {
                guard let number = UInt16(portPart), number > 0 else { return nil }
                port = number
            } else {
                port = 443
            }
            var target = String(rest[authorityEnd...])
            if let fragment = target.firstIndex(of: "#") { target = String(target[..<fragment]) }
            if target.isEmpty || target.hasPrefix("?") { target = "/" + target }
            path = Self.encoded(target)
        }

        /// The Host field: the name, in brackets for an IPv6 address, with a port other than 443.
        var hostField: String {
            let name = host.contains(":") ? "[\(host)]" : host
            return port == 443 ? name : "\(name):\(port)"
        }

        /// Characters a request target may carry as they are (RFC 3986 unreserved and
        /// sub-delims, ":", "@", "/", "?" and "%"); every other byte becomes %XX.
        static let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%".utf8)

        static func encoded(_ text: String) -> String {
            var result = ""
            for byte in text.utf8 {
                if allowed.contains(byte) { result.append(Character(Unicode.Scalar(byte))) } else { result += String(format: "%%%02X", byte) }
            }
            return result
        }
    }

    /// Why the POST did not unsubscribe, in words.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public var tls = TLSSettings()
    public var timeouts = Timeouts(connect: 15, io: 30)

    public init(tls: TLSSettings = TLSSettings()) {
        self.tls = tls
    }

    /// POSTs to `uri`; returns the server's status line (2xx) or throws what went wrong.
    @discardableResult
    public func post(to uri: String) throws -> String {
        guard let target = Target(uri) else {
            throw Failure("\(uri) is not an https:// address Merle can POST to; open it in a browser instead")
        }
        let body = "List-Unsubscribe=One-Click"
        let request = "POST \(target.path) HTTP/1.1\r\nHost: \(target.hostField)\r\nUser-Agent: Merle\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        let connection = try SocketConnection.connect(to: Endpoint(host: target.host, port: target.port), mode: .implicit, tls: tls,
                                                      timeouts: timeouts)
        defer { connection.close() }
        try connection.write(Array(request.utf8))
        guard let statusLine = try connection.readLine(maxLength: 8_192) else {
            throw Failure("\(target.host) closed the connection without answering")
        }
        let status = String(decoding: statusLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let words = status.split(separator: " ", maxSplits: 2)
        guard words.count >= 2, words[0].hasPrefix("HTTP/1."), let code = Int(words[1]) else {
            throw Failure("\(target.host) did not answer in HTTP (\(status.prefix(80)))")
        }
        let reason = words.count > 2 ? " " + words[2] : ""
        switch code {
        case 200..<300: return status
        case 300..<400: throw Failure("\(target.host) answered \(code)\(reason), a redirect, which a one-click unsubscription must not need; nothing was changed")
        default: throw Failure("\(target.host) answered \(code)\(reason); the list did not confirm the unsubscription")
        }
    }
}
