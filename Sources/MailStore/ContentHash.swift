import COpenSSLShim

/// SHA-256 of a message's bytes, to recognise the same message after a UIDVALIDITY
/// change or a POP3 server without UIDL.
public enum ContentHash {
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { merle_sha256($0.baseAddress, $0.count, &digest) }
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
