/// A message encrypted as a whole, opened for writing: a reply quotes and a forward
/// carries what is inside, never the ciphertext, and the Subject is the protected one.
extension MIMEMessage {
    /// How the whole message is encrypted (PGP/MIME or S/MIME enveloped-data), if it is.
    public var wholeMessageEncryption: SecurityFormat? {
        let type = body.mediaType
        switch type.mimeType {
        case "multipart/encrypted":
            return type.parameter("protocol")?.lowercased() == "application/pgp-encrypted" && body.children.count == 2 ? .openPGP : nil
        case "application/pkcs7-mime", "application/x-pkcs7-mime":
            let smimeType = type.parameter("smime-type")?.lowercased()
            return smimeType == nil || smimeType == "enveloped-data" ? .smime : nil
        default:
            return nil
        }
    }

    /// The message with its body decrypted: its own header fields over the decrypted
    /// entity, the Subject from inside when it is there (protected headers). Nil when it
    /// is not encrypted as a whole or cannot be decrypted. Never stored: for writing only.
    public func decrypted(with cryptography: any MessageCryptography) -> MIMEMessage? {
        guard let format = wholeMessageEncryption else { return nil }
        let data = format == .openPGP ? body.children[1].decodedBody() : body.decodedBody()
        guard let content = cryptography.decrypt(data, format: format).content else { return nil }
        let (outer, _, _) = MessageBuilder.splitFields(bytes)
        let (innerOther, innerContent, innerBody) = MessageBuilder.splitFields(content)
        let innerSubject = innerOther.filter { MessageBuilder.fieldName($0) == "subject" }
        let kept = outer.filter { innerSubject.isEmpty || MessageBuilder.fieldName($0) != "subject" }
        return MessageParser.parse((kept + innerSubject + innerContent).joined() + [ASCII.cr, ASCII.lf] + innerBody)
    }
}
