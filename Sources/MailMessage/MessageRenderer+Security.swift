/// Signed and encrypted parts: checked and opened through `cryptography` when the
/// message is rendered (never when it is stored or indexed), shown between Merle's own
/// border lines, each with a `SecurityReport` for the status block.
///
/// Decrypted content is rendered by the same code as any other part (the safe text
/// renderer, no fetching), one part at a time: it is never joined with the plaintext
/// parts around it into one HTML document (EFAIL, 2018).
extension MessageRenderer {
    /// Renders `part` if it is a signed or encrypted piece Merle knows; false leaves it
    /// to the ordinary rendering.
    func renderSecured(_ part: MIMEPart, into accumulator: inout Accumulator, depth: Int) -> Bool {
        guard let cryptography, Self.securedTypes.contains(part.mediaType.mimeType) else { return false }
        let type = part.mediaType
        // Each decrypted layer is parsed afresh, so its depth is bounded here; and each
        // check runs gpg or OpenSSL, so a message gets a fixed number of them.
        guard depth < Self.maxSecuredDepth, accumulator.cryptoChecks < Self.maxCryptoChecks else {
            if !accumulator.notedCheckLimit {
                accumulator.notedCheckLimit = true
                accumulator.notes.append("more signed or encrypted parts than Merle checks in one message; the rest are shown unchecked")
            }
            return false
        }
        if type.mimeType != "text/plain" { accumulator.cryptoChecks += 1 }
        switch type.mimeType {
        case "multipart/signed":
            guard part.children.count == 2, let format = MultipartSigned.format(ofSignatureProtocol: type.parameter("protocol")) else { return false }
            var report = newReport(.signedMIME, format: format, part: part, encrypted: false, accumulator: accumulator)
            if let signed = MultipartSigned.signedBytes(of: part) {
                report.signatures = matched(cryptography.verifyDetached(signed: signed, signature: part.children[1].decodedBody(), format: format), accumulator)
            } else {
                report.failure = "The signed part could not be found in the message."
            }
            // Only the first child is signed: the signature part beside it is not.
            accumulator.signedPaths.append((accumulator.insidePart, part.children[0].path, report.noun))
            enclose(report, into: &accumulator) { $0.renderPart(part.children[0], into: &$1, depth: depth + 1) }
            return true
        case "multipart/encrypted":
            guard type.parameter("protocol")?.lowercased() == "application/pgp-encrypted", part.children.count == 2 else { return false }
            let outcome = cryptography.decrypt(part.children[1].decodedBody(), format: .openPGP)
            renderOpened(outcome, kind: .encryptedMIME, format: .openPGP, part: part, into: &accumulator, depth: depth)
            return true
        case "application/pkcs7-mime", "application/x-pkcs7-mime":
            let smimeType = type.parameter("smime-type")?.lowercased()
            if smimeType == "signed-data" {
                let outcome = cryptography.verifyAttached(part.decodedBody(), format: .smime)
                renderOpened(outcome, kind: .smimeOpaqueSigned, format: .smime, part: part, into: &accumulator, depth: depth)
            } else if smimeType == nil || smimeType == "enveloped-data" || smimeType == "authenveloped-data" {
                let outcome = cryptography.decrypt(part.decodedBody(), format: .smime)
                renderOpened(outcome, kind: .smimeEnveloped, format: .smime, part: part, into: &accumulator, depth: depth)
            } else {
                return false
            }
            return true
        case "text/plain":
            guard !part.isAttachment, InlinePGP.mayContainBlock(part) else { return false }
            let bytes = part.decodedBody()
            let blocks = InlinePGP.blocks(in: bytes)
            guard !blocks.isEmpty else { return false }
            accumulator.cryptoChecks += blocks.count
            renderInline(part, bytes: bytes, blocks: blocks, into: &accumulator)
            return true
        default:
            return false
        }
    }

    static let securedTypes: Set<String> = ["multipart/signed", "multipart/encrypted", "application/pkcs7-mime", "application/x-pkcs7-mime", "text/plain"]
    /// Nesting, counted across decrypted layers, past which nothing more is opened.
    static let maxSecuredDepth = 64
    /// Signatures checked and pieces decrypted in one message, at most.
    static let maxCryptoChecks = 32

    /// A MIME entity that came out of the engine (decrypted, or the content of an opaque
    /// signature): parsed as a message of its own and rendered inside the borders.
    private func renderOpened(_ outcome: CryptoOutcome, kind: SecurityReport.Kind, format: SecurityFormat, part: MIMEPart,
                              into accumulator: inout Accumulator, depth: Int) {
        let encrypted = kind != .smimeOpaqueSigned
        var report = newReport(kind, format: format, part: part, encrypted: encrypted, accumulator: accumulator)
        report.decrypted = encrypted && outcome.content != nil
        report.signatures = matched(outcome.signatures, accumulator)
        report.failure = outcome.failure
        let reportIndex = accumulator.reports.count
        enclose(report, into: &accumulator) { renderer, accumulator in
            guard let content = outcome.content else { return }
            let inner = MIMEMessage(bytes: content)
            // Protected headers: the real Subject travels inside; only a decrypted piece
            // that is the whole message may stand in for the message's own.
            if report.encrypted, report.coversWholeMessage, accumulator.protectedSubject == nil, let subject = inner.header("Subject") {
                accumulator.protectedSubject = subject
                accumulator.reports[reportIndex].protectedSubject = true
            }
            // Inside, numbers and uuencoded files are the inner entity's own.
            let outerParts = accumulator.parts
            let outerScope = accumulator.treeIsWholeMessage
            let outerInside = accumulator.insidePart
            accumulator.parts = MessagePartList(root: inner.body, measuringEveryPart: false)
            accumulator.treeIsWholeMessage = report.coversWholeMessage
            accumulator.insidePart = outerInside ?? report.partNumber
            renderer.renderPart(inner.body, into: &accumulator, depth: depth + 1)
            // Its attachments join the list, numbered after the message's own parts.
            let signedHere = accumulator.signedPaths(in: accumulator.insidePart)
            for entry in accumulator.parts.attachments {
                guard let data = accumulator.parts.data(of: entry) else { continue }
                var attachment = Self.attachment(entry, signedPaths: signedHere)
                attachment.number = accumulator.nextOpenedNumber
                attachment.insidePart = accumulator.insidePart
                attachment.openedData = data
                attachment.coveredBy = [accumulator.reports[reportIndex].noun, attachment.coveredBy].compactMap { $0 }.joined(separator: ", ")
                attachment.safeFilename = FileNameSanitizer.sanitize(entry.filename, fallback: "part-\(attachment.number)")
                accumulator.nextOpenedNumber += 1
                accumulator.openedAttachments.append(attachment)
            }
            accumulator.parts = outerParts
            accumulator.treeIsWholeMessage = outerScope
            accumulator.insidePart = outerInside
            accumulator.reports[reportIndex].signedInside = accumulator.reports[(reportIndex + 1)...].contains(where: \.isSigned)
        }
    }

    /// A text part with armored blocks: the text between blocks as it is (outside any
    /// border), each block checked or decrypted and shown between borders.
    private func renderInline(_ part: MIMEPart, bytes: [UInt8], blocks: [InlinePGP.Block], into accumulator: inout Accumulator) {
        guard let cryptography else { return }
        let charset = part.mediaType.charset
        let hint = accumulator.charsetHint
        func text(_ slice: ArraySlice<UInt8>) -> String {
            CharsetSniffer.decodeBody(Array(slice), declared: charset, hint: hint).text.withUnixLineBreaks
        }
        let outside = blocks.indices.map { index in
            bytes[(index == 0 ? 0 : blocks[index - 1].range.upperBound)..<blocks[index].range.lowerBound]
        } + [bytes[blocks[blocks.count - 1].range.upperBound...]]
        let onlyBlock = blocks.count == 1 && outside.allSatisfy { $0.allSatisfy(ASCII.isWhitespace) }
        if !accumulator.body.isEmpty { accumulator.body.append("") }
        for (index, block) in blocks.enumerated() {
            let before = text(outside[index]).trimmingMailWhitespace
            if !before.isEmpty { accumulator.body.append(before) }
            let armour = Array(bytes[block.range])
            let outcome = block.isEncrypted ? cryptography.decrypt(armour, format: .openPGP) : cryptography.verifyAttached(armour, format: .openPGP)
            var report = newReport(block.isEncrypted ? .inlineEncrypted : .inlineSigned, format: .openPGP, part: part,
                                   encrypted: block.isEncrypted, accumulator: accumulator)
            report.coversWholeMessage = report.coversWholeMessage && onlyBlock
            report.decrypted = block.isEncrypted && outcome.content != nil
            report.signatures = matched(outcome.signatures, accumulator)
            report.failure = outcome.failure ?? (block.isComplete ? nil : "The armour is cut off: its END line is missing.")
            enclose(report, into: &accumulator) { _, accumulator in
                if let content = outcome.content {
                    accumulator.body.append(text(content[...]).trimmingMailWhitespace)
                } else if !block.isEncrypted {
                    // A signed block that cannot be checked is still text to read: shown
                    // as it came, under the border that says it is unchecked.
                    accumulator.body.append(text(bytes[block.range]).trimmingMailWhitespace)
                }
            }
        }
        let after = text(outside[blocks.count]).trimmingMailWhitespace
        if !after.isEmpty { accumulator.body.append(after) }
    }

    private func newReport(_ kind: SecurityReport.Kind, format: SecurityFormat, part: MIMEPart, encrypted: Bool,
                           accumulator: Accumulator) -> SecurityReport {
        SecurityReport(kind: kind, format: format, partNumber: number(of: part, in: accumulator), encrypted: encrypted,
                       decrypted: false, signatures: [], failure: nil,
                       coversWholeMessage: accumulator.treeIsWholeMessage && part.path.isEmpty, insidePart: accumulator.insidePart)
    }

    /// The signatures with `matchesFrom` set against the message's From.
    private func matched(_ signatures: [SignatureCheck], _ accumulator: Accumulator) -> [SignatureCheck] {
        let from = Set(accumulator.fromAddresses.map(\.normalizedMailbox))
        return signatures.map { signature in
            var signature = signature
            signature.matchesFrom = !from.isEmpty && signature.signerAddresses.contains { from.contains(Address(mailbox: $0).normalizedMailbox) }
            return signature
        }
    }

    /// Records the report and draws its borders around what `content` renders.
    private func enclose(_ report: SecurityReport, into accumulator: inout Accumulator,
                         _ content: (MessageRenderer, inout Accumulator) -> Void) {
        accumulator.reports.append(report)
        if !accumulator.body.isEmpty, accumulator.body.last != "" { accumulator.body.append("") }
        accumulator.appendOwn(report.openingBorder)
        let start = accumulator.body.count
        content(self, &accumulator)
        // The content's own leading blank line would stand right under the border.
        if accumulator.body.count > start, accumulator.body[start] == "", !accumulator.ownLines.contains(start) {
            accumulator.body.remove(at: start)
            accumulator.ownLines = Set(accumulator.ownLines.map { $0 > start ? $0 - 1 : $0 })
        }
        accumulator.appendOwn(report.closingBorder)
    }
}
