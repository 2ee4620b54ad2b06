import Foundation
import MailMessage
import MailStore

/// `c` in the pager opens the conversation screen.
extension MailApp {
    /// `c` in the pager: the conversation of the message shown.
    func openConversation(of messageId: Int64) throws {
        let folderId = try store.message(id: messageId).folderId
        let conversation = try store.renderedConversation(ofMessage: messageId, renderer: renderer(forFolder: folderId))
        // Bodies still on the server are asked for; the conversation shows them when opened again.
        for message in conversation.messages where message.rendered == nil {
            if let id = message.record.id { sendCommand(.fetchBody(messageId: id)) }
        }
        let content = ConversationContent(messages: conversation.messages, omitted: conversation.omitted, timeZone: formatter.timeZone)
        push(ConversationScreen(content: content, startingAt: messageId))
    }
}
