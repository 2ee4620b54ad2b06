import COpenSSLShim

/// SHA-256 of a message's bytes, to recognise the same message after a UIDVALIDITY
/// change or a POP3 server without UIDL.
public enum ContentHash {
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { merle_sha256($0.baseAddress, $0.count, &digest) }
        return hex(digest)
    }

    /// The same digest over bytes that come a piece at a time (a message too big to
    /// hold whole). `finish` may be called once.
    public final class Hasher {
        private var context: UnsafeMutableRawPointer?

        public init() throws {
            guard let context = merle_sha256_begin() else { throw StoreError.invalid("SHA-256 is not available: out of memory") }
            self.context = context
        }

        public func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { merle_sha256_update(context, $0.baseAddress, $0.count) }
        }

        /// The hex digest of everything given to `update`.
        public func finish() -> String {
            var digest = [UInt8](repeating: 0, count: 32)
            merle_sha256_finish(context, &digest)
            context = nil
            return ContentHash.hex(digest)
        }

        deinit {
            // Not finished: finishing is what frees the context.
            guard let context else { return }
            var unused = [UInt8](repeating: 0, count: 32)
            merle_sha256_finish(context, &unused)
        }
    }

    static func hex(_ digest: [UInt8]) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
