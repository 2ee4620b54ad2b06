import ArgumentParser
import Foundation
import MailMessage
import MailStore
import MailUI

/// `merle thread ID`: the whole conversation message ID belongs to, across every folder
/// (Sent included), oldest first, as the reader's `c` shows it: a header line per message
/// and the quotes that repeat an earlier message folded to one line. With `--json`, one
/// object per message: `merle list`'s keys and the message's text.
struct ThreadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thread", abstract: "Show the whole conversation of a message, across every folder, oldest first.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A message of the conversation (its local id, see `merle list`).") var id: Int64
    @Flag(help: "One JSON object per message: merle list's keys, and `text` (the whole text) and `repeats_earlier` (whether quotes were folded).") var json = false

    func run() throws {
        try runReportingFailure {
            let store = try global.openStore()
            let (messages, omitted) = try store.renderedConversation(ofMessage: id, renderer: MessageRenderer())
            let content = ConversationContent(messages: messages, omitted: omitted, timeZone: .current)
            if omitted > 0 { printWarning("the conversation has \(omitted) older messages that are not shown (at most \(MailStore.conversationLimit))") }
            guard json else {
                FileHandle.standardOutput.write(Data(content.foldedText.utf8))
                return
            }
            for (index, message) in messages.enumerated() {
                try JSONLines.write(ThreadLine(message: ListCommand.MessageLine(message.record, folder: message.folder, account: message.account),
                                               text: message.rendered?.bodyText, repeatsEarlier: content.foldsQuotes(inMessage: index)))
            }
        }
    }

    /// `merle list`'s object with the text added.
    struct ThreadLine: Encodable {
        var message: ListCommand.MessageLine
        var text: String?
        var repeatsEarlier: Bool

        enum CodingKeys: String, CodingKey {
            case text
            case repeatsEarlier = "repeats_earlier"
        }

        func encode(to encoder: Encoder) throws {
            try message.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
            try container.encode(repeatsEarlier, forKey: .repeatsEarlier)
        }
    }
}
