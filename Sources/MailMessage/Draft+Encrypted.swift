/// Reopening a draft that was saved encrypted to the writer's own key.
extension Draft {
    /// The draft `message` stands for; a PGP/MIME or S/MIME encrypted one (as `buildDraft(_:
    /// encryptingWith:format:)` saves it) is decrypted first with `cryptography`, and its inner
    /// header fields (protected headers) give the addresses and the Subject.
    public static func reopening(_ message: MIMEMessage, cryptography: (any MessageCryptography)?) throws -> Draft {
        let root = message.body
        let type = root.mediaType.mimeType
        let smimeType = root.mediaType.parameter("smime-type")?.lowercased()
        let isSMIME = (type == "application/pkcs7-mime" || type == "application/x-pkcs7-mime") && (smimeType == nil || smimeType == "enveloped-data")
        guard type == "multipart/encrypted" || isSMIME else { return Draft(reopening: message) }
        guard let cryptography else { throw SealingError.failed("the draft is encrypted and cannot be decrypted here") }
        let outcome: CryptoOutcome
        if isSMIME {
            outcome = cryptography.decrypt(root.decodedBody(), format: .smime)
        } else {
            guard root.mediaType.parameter("protocol")?.lowercased() == "application/pgp-encrypted", root.children.count == 2 else {
                throw SealingError.failed("the draft is encrypted in a way Merle does not write")
            }
            outcome = cryptography.decrypt(root.children[1].decodedBody(), format: .openPGP)
        }
        guard let content = outcome.content else {
            throw SealingError.failed("the draft could not be decrypted: \(outcome.failure ?? "no reason given")")
        }
        return Draft(reopening: MessageParser.parse(content))
    }
}
