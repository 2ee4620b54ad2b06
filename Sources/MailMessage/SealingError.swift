/// Why a message could not be signed or encrypted. Nothing is ever sent in the clear
/// instead: the caller keeps the draft and shows this.
public enum SealingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Recipients without a usable key; the message is not queued.
    case recipientsLackKeys([MissingKey])
    /// Encryption with Bcc recipients: one ciphertext names every key it is for, so
    /// the others would learn who had a blind copy.
    case blindCopyWithEncryption([String])
    /// The engine failed (no secret key to sign with, gpg missing, ...).
    case failed(String)

    public var description: String {
        switch self {
        case .recipientsLackKeys(let missing):
            "Not queued: no usable key to encrypt to \(missing.map(\.description).joined(separator: ", ")). "
                + "Import their keys, or send without encryption."
        case .blindCopyWithEncryption(let addresses):
            "Not queued: an encrypted message would show its Bcc recipients (\(addresses.joined(separator: ", "))) to the others; "
                + "send them a separate message, or send without encryption."
        case .failed(let reason):
            "Not queued: \(reason)"
        }
    }
}
