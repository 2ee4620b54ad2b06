/// Bouncing (redirecting) a message: the original bytes unchanged, with a block of
/// Resent-* fields put in front (RFC 5322 section 3.6.6).
extension MessageBuilder {
    /// The original with `Resent-From`, `Resent-To`, `Resent-Date` and
    /// `Resent-Message-ID` prepended, and an envelope for the Resent-To addresses only
    /// (the original's own To and Cc never hear of it). The block uses the original's
    /// line ends, so a message stored with bare LF stays consistent.
    public func buildResent(_ original: [UInt8], from: Address, to: [Address]) throws -> BuiltMessage {
        try Self.validate([from], field: "Resent-From")
        try Self.validate(to, field: "Resent-To")
        let recipients = uniqueMailboxes(to)
        guard !recipients.isEmpty else { throw MessageBuildError.noRecipients }
        guard !original.isEmpty else { throw MessageBuildError.emptyOriginal }
        let domain = from.domain.isEmpty ? "localhost" : from.domain
        let messageID = "\(uniqueToken)@\(domain)"
        var block = HeaderFolder.fold(name: "Resent-From", value: from.headerString)
        block += HeaderFolder.fold(name: "Resent-To", value: AddressList(to).headerString)
        block += HeaderFolder.fold(name: "Resent-Date", value: DateParser.format(date, zoneOffsetSeconds: zoneOffsetSeconds))
        block += HeaderFolder.fold(name: "Resent-Message-ID", value: "<\(messageID)>")
        // The original's line end: CRLF unless its first line ends in a bare LF.
        let firstLF = original.firstIndex(of: ASCII.lf)
        let bareLF = firstLF.map { $0 == 0 || original[$0 - 1] != ASCII.cr } ?? false
        if bareLF { block = block.replacingOccurrences(of: "\r\n", with: "\n") }
        return BuiltMessage(bytes: Array(block.utf8) + original, envelopeSender: from.mailbox, recipients: recipients,
                            messageID: messageID)
    }
}
