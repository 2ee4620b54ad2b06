import Foundation

/// How the server's certificate is checked.
///
/// By default the chain is verified against the system CA store and the host name
/// is checked (RFC 6125). `caFile` names the CAs to trust instead of the system
/// store (SECURITY.md); `fingerprint` pins the server certificate itself, replacing
/// the chain check.
public struct TLSSettings: Sendable, Hashable {
    /// A PEM file with the CA certificates to trust, in place of the system store.
    public var caFile: String?
    /// The SHA-256 fingerprint the server certificate must have.
    public var fingerprint: CertificateFingerprint?
    /// The name to verify and send as SNI; the endpoint's host when nil.
    public var serverName: String?

    public init(caFile: String? = nil, fingerprint: CertificateFingerprint? = nil, serverName: String? = nil) {
        self.caFile = caFile
        self.fingerprint = fingerprint
        self.serverName = serverName
    }
}

/// A SHA-256 certificate fingerprint, written `sha256:AB:CD:…` (colons optional).
public struct CertificateFingerprint: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses `sha256:AB:CD:…`, `AB:CD:…` or plain hex; nil when it is not 32 bytes of hex.
    public init?(_ text: String) {
        var hex = Substring(text.trimmingCharacters(in: .whitespaces))
        if hex.lowercased().hasPrefix("sha256:") { hex = hex.dropFirst(7) }
        let digits = hex.filter { $0 != ":" }
        guard digits.count == 64 else { return nil }
        var result: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            result.append(byte)
            index = next
        }
        bytes = result
    }

    public var description: String {
        "sha256:" + bytes.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
