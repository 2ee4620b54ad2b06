import Foundation
import MailMessage
import MailStore
@testable import MailUI
import SyncEngine
import Terminal
import Testing

/// `c` in the pager: the thread across folders (Sent and Archive too) in date order,
/// a header line per message, repeated quotes folded until Enter; its keys rebindable
/// and on the help screen.
@Suite struct ConversationTests {
    /// Three messages of one thread in three folders (and one other message), each
    /// quoting the one before; returns the ids in date order.
    static func seed(_ fixture: DemoFixture) throws -> [Int64] {
        let token = "conv\(UUID().uuidString.prefix(6))"
        let messages: [(folder: String, from: String, id: String, parent: String?, body: String, day: Double)] = [
            ("Archive", "Ann <ann@example.test>", "a-\(token)@example.test", nil,
             "Shall we move the launch to Friday?\nThe press release is not ready.\n", 0),
            ("Sent", "You <\(DemoMailbox.ownAddress)>", "b-\(token)@example.test", "a-\(token)@example.test",
             "Friday is fine by me.\n\nOn Mon, Ann wrote:\n> Shall we move the launch to Friday?\n> The press release is not ready.\n", 1),
            ("INBOX", "Ann <ann@example.test>", "c-\(token)@example.test", "b-\(token)@example.test",
             "Then Friday it is.\n\nYou wrote:\n> Friday is fine by me.\n>\n> On Mon, Ann wrote:\n>> Shall we move the launch to Friday?\n>> The press release is not ready.\n", 2),
        ]
        var ids: [Int64] = []
        for message in messages {
            let folder = try fixture.store.folder(named: message.folder)
            let date = Date(timeIntervalSince1970: 1_796_000_000 + message.day * 86_400)
            var raw = "From: \(message.from)\r\nTo: team@example.test\r\nSubject: \(message.parent == nil ? "" : "Re: ")Launch \(token)\r\n"
                + "Message-ID: <\(message.id)>\r\nDate: \(DateParser.format(date, zoneOffsetSeconds: 0))\r\n"
            if let parent = message.parent { raw += "In-Reply-To: <\(parent)>\r\nReferences: <\(parent)>\r\n" }
            raw += "\r\n" + message.body.replacingOccurrences(of: "\n", with: "\r\n")
            let address = AddressParser.parseList(message.from).addresses[0]
            let record = MessageRecord(folderId: folder.id!, internalDate: date, date: date, size: Int64(raw.utf8.count),
                                       headerMessageId: message.id, inReplyTo: message.parent, referencesHeader: message.parent.map { "<\($0)>" },
                                       subject: "\(message.parent == nil ? "" : "Re: ")Launch \(token)", fromName: address.name ?? "",
                                       fromAddress: address.mailbox, toAddresses: "team@example.test", bodyState: .full)
            try fixture.store.insertLocalMessages([MailStore.LocalMessage(record: record, raw: Data(raw.utf8), searchBody: raw)])
            ids.append(try #require(try fixture.store.messages(withMessageID: message.id).first?.id))
        }
        return ids
    }

    @Test func theWholeThreadInOnePagerWithRepeatedQuotesFolded() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 110, rows: 40)
        app.sendCommand = { _ in }
        let ids = try Self.seed(fixture)
        let conversation = try fixture.store.conversation(ofMessage: ids[2])
        #expect(conversation.map(\.record.id) == ids, "every folder's messages, oldest first")
        #expect(conversation.map(\.folder) == ["Archive", "Sent", "INBOX"])

        try app.open(folderNamed: "INBOX")
        app.press(.enter)
        app.press(.character("c"))
        app.draw()
        var shown = screen.render()
        #expect(shown.contains("── 1/3  "), "\(shown)")
        #expect(shown.contains("Ann → team@example.test  (demo/Archive) ──"))
        #expect(shown.contains("── 2/3  ") && shown.contains("(demo/Sent) ──"))
        #expect(shown.contains("── 3/3  ") && shown.contains("(demo/INBOX) ──"))
        #expect(shown.contains("[> 2 quoted lines of message 1 (Ann) folded; Enter shows them]"))
        #expect(shown.contains("[> 5 quoted lines of message 2 (You) folded; Enter shows them]"))
        #expect(!shown.contains("> Shall we move"), "no repeated quote is shown yet")
        #expect(shown.contains("Shall we move the launch to Friday?"), "the first message itself is")

        app.press(.enter)
        app.draw()
        shown = screen.render()
        #expect(shown.contains("> Shall we move the launch to Friday?"), "Enter opened the first fold")
        #expect(shown.contains("[> 5 quoted lines of message 2 (You) folded; Enter shows them]"), "the next stays folded")
        app.press(.enter)
        app.draw()
        #expect(screen.render().contains(">> Shall we move the launch to Friday?"))

        app.press(.character("d"))
        #expect(app.info?.contains("q goes back to the message") == true)
        app.press(.character("q"))
        #expect(app.top.kind == .pager)
    }

    @Test func aLongConversationShowsItsNewestMessagesAndTheOneAskedFor() throws {
        let fixture = try DemoFixture(messages: 10)
        let ids = try Self.seed(fixture)
        let newest = try fixture.store.renderedConversation(ofMessage: ids[2], renderer: MessageRenderer(), limit: 2)
        #expect(newest.messages.map(\.record.id) == [ids[1], ids[2]] && newest.omitted == 1)
        let asked = try fixture.store.renderedConversation(ofMessage: ids[0], renderer: MessageRenderer(), limit: 2)
        #expect(asked.messages.map(\.record.id) == [ids[0], ids[2]] && asked.omitted == 1)
        let content = ConversationContent(messages: newest.messages, omitted: newest.omitted, timeZone: TimeZone(identifier: "UTC")!)
        #expect(content.foldedText.hasPrefix("[1 older message of this conversation not shown]\n\n── 1/2  "), "\(content.foldedText)")
    }

    @Test func theKeysCanBeReboundAndAreOnTheHelpScreen() throws {
        let keymap = try Keymap.standard.applying(["pager": ["C-t": "conversation"], "conversation": ["o": "toggle-quote"]])
        #expect(keymap.action(for: .ctrl("t"), in: .pager) == .conversation)
        #expect(keymap.action(for: .character("o"), in: .conversation) == .toggleQuote)
        #expect(keymap.action(for: .character(" "), in: .conversation) == .pageDown)
        #expect(Keymap.mutt.action(for: .character("c"), in: .pager) == .conversation)
        let fixture = try DemoFixture(messages: 10)
        let (app, _) = try fixture.app(columns: 100)
        let help = HelpScreen().lines(in: app).map(\.text).joined(separator: "\n")
        #expect(help.contains("Conversation (these first"))
        #expect(help.contains("c                      the whole conversation"))
        #expect(help.contains("Enter                  show the first folded quote"))
    }
}
