import COpenSSL
import COpenSSLShim

/// One TLS session over a non-blocking socket, through OpenSSL.
///
/// TLS 1.2 or later, SNI always sent. The certificate is checked against the system
/// CA store, or the account's `caFile` instead, with the host name verified, or
/// against a pinned SHA-256 fingerprint instead of the chain.
final class TLSSession {
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private let socket: Socket

    /// Performs the client handshake on `socket` and verifies the peer.
    init(socket: Socket, host: String, settings: TLSSettings, timeout: Double) throws {
        self.socket = socket
        let endpoint = socket.endpoint
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw TransportError.tlsHandshakeFailed(endpoint, detail: "cannot create a TLS context: \(Self.lastErrorText())")
        }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw TransportError.tlsHandshakeFailed(endpoint, detail: "cannot create a TLS session: \(Self.lastErrorText())")
        }
        self.context = context
        self.ssl = ssl
        let name = settings.serverName ?? host
        try configure(settings: settings, name: name)
        SSL_set_fd(ssl, socket.descriptor)
        try handshake(timeout: timeout, settings: settings, name: name)
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    private func configure(settings: TLSSettings, name: String) throws {
        let endpoint = socket.endpoint
        merle_ssl_ctx_set_min_tls12(context)
        merle_ssl_ctx_set_options(context)
        merle_ssl_ctx_set_partial_write(context)
        if settings.fingerprint == nil {
            // A named CA file replaces the system store (SECURITY.md): the account trusts that CA.
            if let caFile = settings.caFile {
                guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                    throw TransportError.certificateUntrusted(endpoint, detail: "cannot load ca_file \(caFile): \(Self.lastErrorText())")
                }
            } else {
                SystemTrustStore.load(into: context)
            }
            SSL_set_verify(ssl, SSL_VERIFY_PEER, nil)
            if Self.isIPAddress(name) {
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name)
            } else {
                SSL_set1_host(ssl, name)
            }
        } else {
            // The pin replaces the chain check; it is compared right after the handshake.
            SSL_set_verify(ssl, SSL_VERIFY_NONE, nil)
        }
        if !Self.isIPAddress(name) {
            merle_ssl_set_sni(ssl, name)
        }
    }

    private func handshake(timeout: Double, settings: TLSSettings, name: String) throws {
        let endpoint = socket.endpoint
        ERR_clear_error()
        while true {
            let result = SSL_connect(ssl)
            if result == 1 { break }
            let error = SSL_get_error(ssl, result)
            switch error {
            case SSL_ERROR_WANT_READ:
                try socket.wait(forWriting: false, timeout: timeout, operation: "the TLS handshake")
            case SSL_ERROR_WANT_WRITE:
                try socket.wait(forWriting: true, timeout: timeout, operation: "the TLS handshake")
            default:
                let verify = merle_ssl_verify_result(ssl)
                if verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH {
                    throw TransportError.hostNameMismatch(endpoint, expected: name)
                }
                if verify != X509_V_OK {
                    throw TransportError.certificateUntrusted(endpoint, detail: String(cString: X509_verify_cert_error_string(verify)))
                }
                let detail = Self.lastErrorText()
                throw TransportError.tlsHandshakeFailed(endpoint, detail: detail.isEmpty ? "the server ended the handshake" : detail)
            }
        }
        if let pin = settings.fingerprint {
            var digest = [UInt8](repeating: 0, count: 32)
            guard merle_peer_cert_sha256(ssl, &digest) == 1 else {
                throw TransportError.certificateUntrusted(endpoint, detail: "the server sent no certificate")
            }
            let actual = CertificateFingerprint(bytes: digest)
            guard actual == pin else {
                throw TransportError.fingerprintMismatch(endpoint, expected: pin.description, actual: actual.description)
            }
        }
    }

    /// The SHA-256 fingerprint of the certificate the server presented.
    var peerFingerprint: CertificateFingerprint? {
        var digest = [UInt8](repeating: 0, count: 32)
        guard merle_peer_cert_sha256(ssl, &digest) == 1 else { return nil }
        return CertificateFingerprint(bytes: digest)
    }

    /// Reads decrypted bytes; empty at a clean close. `timeout` bounds the whole call: a
    /// record that arrives a byte at a time does not make it wait longer.
    func read(upTo count: Int, timeout: Double) throws -> [UInt8] {
        let deadline = Deadline(after: timeout)
        while true {
            ERR_clear_error()
            // Read straight into the returned array: neither zero-filled first nor copied
            // after (a record is at most 16 KB; a 64 KB zeroed buffer per record was 2%
            // of a first sync).
            var result: Int32 = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
                result = SSL_read(ssl, buffer.baseAddress, Int32(count))
                initialized = max(0, Int(result))
            }
            if result > 0 { return bytes }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ:
                try socket.wait(forWriting: false, timeout: deadline.secondsLeft, operation: "reading")
            case SSL_ERROR_WANT_WRITE:
                try socket.wait(forWriting: true, timeout: deadline.secondsLeft, operation: "reading")
            case SSL_ERROR_ZERO_RETURN:
                return []
            case SSL_ERROR_SYSCALL where result == 0 || ERR_peek_error() == 0:
                // The peer closed the TCP connection without close_notify.
                return []
            case SSL_ERROR_SSL where Int32(ERR_peek_error() & 0x7F_FFFF) == SSL_R_UNEXPECTED_EOF_WHILE_READING:
                // OpenSSL 3 reports that same close as an error of its own.
                return []
            default:
                throw TransportError.ioFailed(socket.endpoint, detail: "TLS read: \(Self.lastErrorText())")
            }
        }
    }

    /// Waits at most `timeout` seconds until `read` would return without waiting for the
    /// peer: decrypted bytes are buffered, application data arrived, or the stream
    /// ended. Bytes on the socket alone do not say so (half a record, or a record with
    /// no application data such as a TLS 1.3 session ticket), so they are processed
    /// with a one-byte peek on the non-blocking socket, which never waits.
    func waitUntilReadable(timeout: Double) throws -> Bool {
        let deadline = Deadline(after: timeout)
        while true {
            if SSL_pending(ssl) > 0 { return true }
            guard try socket.waitUntilReadable(timeout: deadline.secondsLeft) else { return false }
            var byte: UInt8 = 0
            ERR_clear_error()
            let result = SSL_peek(ssl, &byte, 1)
            if result > 0 { return true }
            guard SSL_get_error(ssl, result) == SSL_ERROR_WANT_READ else {
                // The end of the stream or an error: the next read reports it at once.
                ERR_clear_error()
                return true
            }
            // Only part of a record, or no application data in it: wait on.
        }
    }

    /// Writes all of `bytes` encrypted.
    func write(_ bytes: [UInt8], timeout: Double) throws {
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let result = bytes.withUnsafeBytes { raw in
                SSL_write(ssl, raw.baseAddress! + offset, Int32(min(bytes.count - offset, Int(Int32.max))))
            }
            if result > 0 { offset += Int(result); continue }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ:
                try socket.wait(forWriting: false, timeout: timeout, operation: "writing")
            case SSL_ERROR_WANT_WRITE:
                try socket.wait(forWriting: true, timeout: timeout, operation: "writing")
            case SSL_ERROR_ZERO_RETURN, SSL_ERROR_SYSCALL:
                throw TransportError.closedByPeer(socket.endpoint)
            default:
                throw TransportError.ioFailed(socket.endpoint, detail: "TLS write: \(Self.lastErrorText())")
            }
        }
    }

    /// Sends close_notify without waiting for the peer's.
    func shutdown() {
        SSL_shutdown(ssl)
    }

    static func isIPAddress(_ name: String) -> Bool {
        name.contains(":") || (name.split(separator: ".").count == 4 && name.allSatisfy { $0.isNumber || $0 == "." })
    }

    static func lastErrorText() -> String {
        var parts: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let text = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            parts.append(String(decoding: text, as: UTF8.self))
        }
        return parts.joined(separator: "; ")
    }
}
