import Foundation
import MailMessage

extension MessageRecord {
    /// A record for a downloaded message: envelope fields from its headers, the
    /// attachment mark from its structure and a content hash for re-matching.
    /// Also returns the text to index for search.
    public static func parsing(raw: [UInt8], folderId: Int64, uid: Int64?, flags: [String] = [],
                               internalDate: Date? = nil) -> (record: MessageRecord, searchText: String) {
        let message = MessageParser.parse(raw)
        let from = message.from.addresses.first
        let search = SearchText.extract(message)
        let record = MessageRecord(
            folderId: folderId, uid: uid, flags: flags, internalDate: internalDate ?? message.date,
            date: message.date ?? internalDate, size: Int64(raw.count),
            headerMessageId: message.messageID, inReplyTo: message.inReplyTo.first,
            referencesHeader: message.references.isEmpty ? nil : message.references.joined(separator: " "),
            // Stored as decoded, not sanitised: the display layer sanitises what it shows.
            subject: message.subject ?? "",
            fromName: from?.name ?? "", fromAddress: from?.mailbox ?? "",
            toAddresses: message.to.displayString, ccAddresses: message.cc.displayString,
            hasAttachment: search.hasAttachment, contentHash: ContentHash.sha256Hex(raw), bodyState: "full")
        return (record, search.text)
    }
}
