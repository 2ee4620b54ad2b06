/// The words of the status block and of the borders. Every string from a key or a
/// certificate is sanitised and has the mark taken out, like message text.
extension SecurityReport {
    /// What the piece is, for the first line of its block and its borders.
    var noun: String {
        let inside = insidePart.map { " of decrypted part \($0)" } ?? ""
        switch kind {
        case .signedMIME, .smimeOpaqueSigned: return "signed part \(partNumber)\(inside)"
        case .encryptedMIME, .smimeEnveloped: return "encrypted part \(partNumber)\(inside)"
        case .inlineSigned: return "signed block in part \(partNumber)\(inside)"
        case .inlineEncrypted: return "encrypted block in part \(partNumber)\(inside)"
        }
    }

    var formatName: String {
        switch kind {
        case .signedMIME, .encryptedMIME: format == .openPGP ? "PGP/MIME" : "S/MIME"
        case .smimeEnveloped, .smimeOpaqueSigned: "S/MIME"
        case .inlineSigned, .inlineEncrypted: "inline PGP"
        }
    }

    /// The verdict in a few words, for a border: "good signature", "could not be decrypted".
    public var verdict: String {
        var words: [String] = []
        if encrypted { words.append(decrypted ? "decrypted" : "could not be decrypted") }
        if let worst = signatures.map(\.status).min(by: { Self.rank($0) < Self.rank($1) }) {
            words.append(Self.words(worst))
        } else if encrypted, decrypted {
            words.append(signedInside ? "signed inside" : "not signed")
        } else if !encrypted {
            words.append(failure == nil ? "no signature found" : "not checked")
        }
        return words.joined(separator: ", ")
    }

    /// Whether anything about it should worry the reader.
    public var isWarning: Bool {
        if failure != nil || (encrypted && !decrypted) { return true }
        if !encrypted, signatures.isEmpty { return true }
        return signatures.contains { $0.status != .good || !$0.matchesFrom } || !coversWholeMessage
    }

    /// Whether the piece itself failed: a signature that is not good, or content that
    /// could not be opened (unlike `isWarning`, a good partial signature is not one).
    public var hasProblem: Bool {
        failure != nil || (encrypted && !decrypted) || (!encrypted && signatures.isEmpty) || signatures.contains { $0.status != .good }
    }

    /// The border line before the piece's content.
    var openingBorder: String { SecurityMarker.mark + "Begin \(noun) (\(formatName)): \(verdict)" }
    /// The border line after it.
    var closingBorder: String { SecurityMarker.mark + "End of \(noun)" }

    /// The lines of the status block for this piece, each starting with the mark.
    /// `from` is the message's From as shown, for the warning when the signer differs.
    public func statusLines(from: [Address]) -> [String] {
        let mark = SecurityMarker.mark
        var lines: [String] = []
        let scope = coversWholeMessage ? "The whole message is" : "Only part \(partNumber)\(insidePart.map { " of decrypted part \($0)" } ?? "") is"
        let what = encrypted ? "encrypted" : "signed"
        var first = "\(mark)\(scope) \(what) (\(formatName)"
        if kind == .inlineSigned || kind == .inlineEncrypted { first += ", a block in the text" }
        first += ")"
        if !coversWholeMessage { first += "; what is outside its borders is not" }
        lines.append(first + ".")
        if encrypted {
            lines.append(mark + (decrypted ? "  Decrypted here; nothing decrypted is stored." : "  Could not be decrypted."))
        }
        if let failure { lines.append(mark + "  " + Self.clean(failure)) }
        if protectedSubject { lines.append(mark + "  The Subject shown is the one inside the encrypted part.") }
        if encrypted, decrypted, signatures.isEmpty {
            lines.append(mark + (signedInside ? "  The decrypted content is signed: its signature follows."
                                              : "  The encrypted content is not signed: anyone could have written it."))
        }
        if !encrypted, signatures.isEmpty, failure == nil { lines.append(mark + "  No signature was found in it.") }
        for signature in signatures {
            var line = mark + "  " + Self.words(signature.status).prefix(1).uppercased() + Self.words(signature.status).dropFirst()
            if let signer = signature.signer { line += " from " + Self.clean(signer) }
            lines.append(line)
            if let fingerprint = signature.fingerprint { lines.append(mark + "    Fingerprint " + Self.clean(Self.grouped(fingerprint))) }
            if signature.status == .good, signature.keyCertified == false {
                lines.append(mark + "    The key is not certified as the signer's in your keyring: compare the fingerprint with them.")
            }
            if let detail = signature.detail, signature.status != .good { lines.append(mark + "    " + Self.clean(detail)) }
            let shownFrom = from.map { Self.clean($0.mailbox) }.joined(separator: ", ")
            if signature.status == .good || signature.status == .expired || signature.status == .revoked {
                if signature.matchesFrom {
                    lines.append(mark + "    The signer's address is the From address (\(shownFrom)).")
                } else {
                    let addresses = signature.signerAddresses.map(Self.clean).joined(separator: ", ")
                    lines.append(mark + "    Warning: the From address (\(shownFrom.isEmpty ? "none" : shownFrom)) is not the signer's (\(addresses.isEmpty ? "none" : addresses)).")
                }
            }
        }
        if !encrypted, kind != .inlineSigned, !signatures.isEmpty {
            lines.append(mark + "  The header fields (Subject, Date, To) are outside the signature.")
        }
        return lines
    }

    /// The status block of a message with nothing signed or encrypted in it.
    public static let unsignedLine = SecurityMarker.mark + "Not signed and not encrypted."

    /// Worst first: a bad signature outweighs a good one beside it.
    static func rank(_ status: SignatureCheck.Status) -> Int {
        switch status {
        case .bad: 0
        case .revoked: 1
        case .error: 2
        case .unknownKey: 3
        case .expired: 4
        case .good: 5
        }
    }

    static func words(_ status: SignatureCheck.Status) -> String {
        switch status {
        case .good: "good signature"
        case .bad: "BAD signature"
        case .unknownKey: "signature by an unknown key, not checked"
        case .expired: "good signature, but the key or the signature has expired"
        case .revoked: "signature by a REVOKED key"
        case .error: "signature could not be checked"
        }
    }

    /// Text from a key or the engine, made safe like message text.
    static func clean(_ text: String) -> String {
        SecurityMarker.defang(DisplaySanitizer.sanitizeLine(text))
    }

    /// "ABCD1234…" as "ABCD 1234 …", as gpg prints it.
    static func grouped(_ fingerprint: String) -> String {
        var groups: [String] = []
        var rest = Substring(fingerprint)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }
}
