import Foundation
import MailMessage

extension MailStore {
    /// Message `id` as `MessageSaver` writes it: its bytes, its sender and date for an
    /// mbox `From ` line; nil when its body is not downloaded yet.
    public func messageToSave(id: Int64) throws -> MessageSaver.Message? {
        let record = try message(id: id)
        guard let raw = try rawMessage(id: id) else { return nil }
        return MessageSaver.Message(raw: [UInt8](raw), sender: record.fromAddress,
                                    date: record.date ?? record.internalDate ?? Date(), subject: record.subject)
    }
}
