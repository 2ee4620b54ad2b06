/// Signed and encrypted messages, built around what `build` writes: PGP/MIME (RFC 3156)
/// and S/MIME (RFC 8551). The content header fields and the body become the entity that
/// is signed or encrypted; the other header fields stay outside. In encrypted mail the
/// Subject (with the address, date and id fields) is also written inside,
/// marked `protected-headers="v1"`, and the outer Subject is `...`.
extension MessageBuilder {
    /// Builds `draft` and signs or encrypts it as `security` says, through `sealer`.
    /// Encryption is to every recipient and to the sender's own key (so the Sent copy can
    /// be read); it is refused with Bcc recipients, and when any recipient, or the sender,
    /// has no usable key. Nothing is ever quietly sent unencrypted.
    public func build(_ draft: Draft, security: MessageSecurity, sealer: any MessageSealing) throws -> BuiltMessage {
        var built = try build(draft)
        guard !security.isPlain else { return built }
        if security.encrypt {
            if !draft.bcc.isEmpty { throw SealingError.blindCopyWithEncryption(draft.bcc.map(\.mailbox)) }
            let keyHolders = uniqueMailboxes(draft.to + draft.cc + [draft.from])
            let missing = sealer.recipientsLackingKeys(keyHolders, format: security.format)
            if !missing.isEmpty { throw SealingError.recipientsLackKeys(missing) }
            built.bytes = try seal(built.bytes, security: security, sealer: sealer, recipients: keyHolders, signer: draft.from.mailbox)
            built.sentCopy = nil
            return built
        }
        built.bytes = try seal(built.bytes, security: security, sealer: sealer, recipients: [], signer: draft.from.mailbox)
        if let copy = built.sentCopy {
            built.sentCopy = try seal(copy, security: security, sealer: sealer, recipients: [], signer: draft.from.mailbox)
        }
        return built
    }

    /// The bytes `buildDraft` keeps, encrypted to the writer's own key (From), for a
    /// message that is to be encrypted: the Drafts folder on the server never holds it
    /// in the clear. `Draft.reopening(_:cryptography:)` opens it again.
    public func buildDraft(_ draft: Draft, encryptingWith sealer: any MessageSealing, format: SecurityFormat = .openPGP) throws -> [UInt8] {
        let bytes = try buildDraft(draft)
        let missing = sealer.recipientsLackingKeys([draft.from.mailbox], format: format)
        if !missing.isEmpty { throw SealingError.recipientsLackKeys(missing) }
        return try seal(bytes, security: MessageSecurity(encrypt: true, format: format), sealer: sealer,
                        recipients: [draft.from.mailbox], signer: draft.from.mailbox)
    }

    /// Signs or encrypts a whole message as `security` says; `recipients` are the keys
    /// to encrypt to (ignored when only signing).
    public func seal(_ message: [UInt8], security: MessageSecurity, sealer: any MessageSealing,
                     recipients: [String], signer: String) throws -> [UInt8] {
        let (outer, content, body) = Self.splitFields(message)
        var entity = content.joined() + Array("\r\n".utf8) + body
        if security.encrypt {
            entity = Self.protectedEntity(content: content, outer: outer, body: body)
        }
        var outerFields = outer
        switch security.format {
        case .openPGP:
            if security.encrypt {
                let armored = try sealing { try sealer.encrypt(entity, to: recipients, signer: security.sign ? signer : nil, format: .openPGP) }
                outerFields = Self.hidingSubject(outer)
                return outerFields.joined() + pgpEncrypted(armored)
            }
            let (signature, micalg) = try sealing { try sealer.sign(entity, signer: signer, format: .openPGP) }
            return outerFields.joined() + pgpSigned(entity, signature: signature, micalg: micalg)
        case .smime:
            if security.sign {
                let (signature, micalg) = try sealing { try sealer.sign(entity, signer: signer, format: .smime) }
                entity = smimeSigned(entity, signature: signature, micalg: micalg)
            }
            guard security.encrypt else { return outerFields.joined() + entity }
            let der = try sealing { try sealer.encrypt(entity, to: recipients, signer: nil, format: .smime) }
            outerFields = Self.hidingSubject(outer)
            var enveloped = Array(("Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"\r\n"
                + "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n").utf8)
            enveloped += TransferEncoding.encodeBase64Lines(der)
            return outerFields.joined() + enveloped
        }
    }

    /// An engine's failure as a `SealingError`, whatever it threw.
    private func sealing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SealingError { throw error } catch {
            throw SealingError.failed("\(error)")
        }
    }

    /// A multipart/signed entity: `contentType` (its fields before the boundary), a
    /// preamble, the entity exactly as signed, then the signature part (`signatureFields`,
    /// then `signature` as it goes on the wire). PGP/MIME and S/MIME differ only in these.
    private func multipartSigned(contentType: String, preamble: String, entity: [UInt8], signatureFields: String,
                                 signature: [UInt8]) -> [UInt8] {
        let boundary = "=_merle_signed_\(uniqueToken)"
        var bytes = Array((contentType + ";\r\n boundary=\"\(boundary)\"\r\n\r\n\(preamble)\r\n--\(boundary)\r\n").utf8)
        bytes += entity
        bytes += Array(("\r\n--\(boundary)\r\n" + signatureFields + "\r\n\r\n").utf8)
        bytes += signature
        bytes += Array("\r\n--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// RFC 3156 section 5: the entity, then its detached signature.
    private func pgpSigned(_ entity: [UInt8], signature: [UInt8], micalg: String) -> [UInt8] {
        multipartSigned(contentType: "Content-Type: multipart/signed; micalg=\"\(micalg)\"; protocol=\"application/pgp-signature\"",
                        preamble: "This is an OpenPGP/MIME signed message (RFC 4880 and 3156).", entity: entity,
                        signatureFields: "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n"
                            + "Content-Description: OpenPGP digital signature\r\nContent-Disposition: attachment; filename=\"signature.asc\"",
                        signature: Self.crlfLines(signature))
    }

    /// RFC 3156 section 4: the version part, then the armored data.
    private func pgpEncrypted(_ armored: [UInt8]) -> [UInt8] {
        let boundary = "=_merle_encrypted_\(uniqueToken)"
        var bytes = Array(("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n boundary=\"\(boundary)\"\r\n\r\n"
            + "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156).\r\n--\(boundary)\r\n"
            + "Content-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n"
            + "--\(boundary)\r\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
            + "Content-Description: OpenPGP encrypted message\r\nContent-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n").utf8)
        bytes += Self.crlfLines(armored)
        bytes += Array("\r\n--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// RFC 8551 section 3.5.3: the entity, then its detached CMS signature in base64.
    private func smimeSigned(_ entity: [UInt8], signature: [UInt8], micalg: String) -> [UInt8] {
        multipartSigned(contentType: "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=\"\(micalg)\"",
                        preamble: "This is an S/MIME signed message.", entity: entity,
                        signatureFields: "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
                            + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"smime.p7s\"",
                        signature: TransferEncoding.encodeBase64Lines(signature))
    }

    /// The encrypted entity: its content fields, the Content-Type marked
    /// `protected-headers="v1"`, and the message's own fields that are protected.
    static func protectedEntity(content: [[UInt8]], outer: [[UInt8]], body: [UInt8]) -> [UInt8] {
        let protected: Set<String> = ["subject", "from", "to", "cc", "bcc", "reply-to", "date", "message-id", "in-reply-to", "references"]
        var fields: [[UInt8]] = []
        for field in content {
            if fieldName(field) == "content-type" {
                // Before its final CRLF.
                fields.append(Array(field.dropLast(2)) + Array("; protected-headers=\"v1\"\r\n".utf8))
            } else {
                fields.append(field)
            }
        }
        fields += outer.filter { protected.contains(fieldName($0)) }
        return fields.joined() + Array("\r\n".utf8) + body
    }

    /// The outer fields with the Subject replaced by `...` and no Bcc (a draft's Bcc
    /// travels inside only).
    static func hidingSubject(_ fields: [[UInt8]]) -> [[UInt8]] {
        fields.filter { fieldName($0) != "bcc" }.map { fieldName($0) == "subject" ? Array("Subject: ...\r\n".utf8) : $0 }
    }

    /// A message's header fields (each with its folded lines and final CRLF), the
    /// content fields (`Content-*`) apart, and the body after the blank line.
    static func splitFields(_ message: [UInt8]) -> (outer: [[UInt8]], content: [[UInt8]], body: [UInt8]) {
        var outer: [[UInt8]] = []
        var content: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        func finish() {
            guard !current.isEmpty else { return }
            if fieldName(current).hasPrefix("content-") { content.append(current) } else { outer.append(current) }
            current = []
        }
        while index < message.count {
            let end = message[index...].firstIndex(of: ASCII.lf).map { $0 + 1 } ?? message.count
            let line = Array(message[index..<end])
            index = end
            if line == [ASCII.cr, ASCII.lf] || line == [ASCII.lf] { break }
            if let first = line.first, first == ASCII.space || first == ASCII.tab {
                current += line
            } else {
                finish()
                current = line
            }
        }
        finish()
        return (outer, content, Array(message[index...]))
    }

    static func fieldName(_ field: [UInt8]) -> String {
        String(decoding: field.prefix { $0 != UInt8(ascii: ":") }, as: UTF8.self).trimmingMailWhitespace.lowercased()
    }

    /// LF or CRLF line ends to CRLF, without a final line end.
    static func crlfLines(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 60)
        for byte in bytes where byte != ASCII.cr {
            if byte == ASCII.lf { output.append(ASCII.cr) }
            output.append(byte)
        }
        while output.last == ASCII.lf || output.last == ASCII.cr { output.removeLast() }
        return output
    }
}
