import Foundation
import GRDB
import MailMessage

/// A whole conversation across every folder of the store (Sent included), read through
/// the thread ids `ThreadLinker` keeps: no second threading pass.
extension MailStore {
    /// One message of a conversation, where it is, and its rendered text (nil while the
    /// body is still on the server).
    public struct ConversationMessage: Sendable {
        public var record: MessageRecord
        public var account: String
        public var folder: String
        public var rendered: RenderedMessage?
    }

    /// The messages of message `id`'s thread in every folder, oldest first (by Date, else
    /// arrival); a message kept in two folders (a copy, your own mail to yourself) once:
    /// the copy that was opened, else the first found.
    public func conversation(ofMessage id: Int64) throws -> [(record: MessageRecord, account: String, folder: String)] {
        guard let thread = try threadId(ofMessage: id) else { throw StoreError.notFound("message \(id)") }
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT message.id, account.name AS account, folder.name AS folder
                FROM message JOIN folder ON folder.id = message.folder_id JOIN account ON account.id = folder.account_id
                WHERE message.thread_id = ?
                ORDER BY coalesce(message.date, message.internal_date), message.id
                """, arguments: [thread])
        }
        let records = Dictionary(try messages(ids: rows.map { $0["id"] }).map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [(record: MessageRecord, account: String, folder: String)] = []
        var seen: [String: Int] = [:]
        for row in rows {
            guard let record = records[row["id"]] else { continue }
            let entry = (record: record, account: row["account"] as String, folder: row["folder"] as String)
            if let messageID = record.headerMessageId {
                if let earlier = seen[messageID] {
                    if record.id == id { result[earlier] = entry }
                    continue
                }
                seen[messageID] = result.count
            }
            result.append(entry)
        }
        return result
    }

    /// Conversations longer than this are shown from their newest `conversationLimit`
    /// messages (each is read and rendered), with the count of those left out.
    public static let conversationLimit = 300

    /// The conversation with each message rendered by `renderer`: its newest `limit`
    /// messages (the one asked for always among them), oldest first, and how many older
    /// ones were left out.
    public func renderedConversation(ofMessage id: Int64, renderer: MessageRenderer,
                                     limit: Int = MailStore.conversationLimit) throws -> (messages: [ConversationMessage], omitted: Int) {
        let all = try conversation(ofMessage: id)
        var kept = Array(all.suffix(max(limit, 1)))
        if !kept.contains(where: { $0.record.id == id }), let asked = all.first(where: { $0.record.id == id }) {
            kept[0] = asked
        }
        let messages = try kept.map { entry in
            let rendered = try rawMessage(id: entry.record.id!).map { renderer.render(MessageParser.parse([UInt8]($0))) }
            return ConversationMessage(record: entry.record, account: entry.account, folder: entry.folder, rendered: rendered)
        }
        return (messages, all.count - kept.count)
    }
}
