import Foundation
import MailMessage
import MailStore
@testable import MailUI
import MerleConfig
import SyncEngine
import Terminal
import Testing

/// The reader writes from one of the account's identities: the one a message was sent
/// to for a reply, another chosen on the compose screen's From line (Tab lists them),
/// with the signature and Reply-To following the choice.
@Suite struct IdentityComposeTests {
    static func account() -> AccountConfiguration {
        AccountConfiguration(
            name: "demo", email: DemoMailbox.ownAddress, displayName: "You",
            incoming: .imap(ServerConfiguration(host: "imap.example.test", port: 993, user: "me")),
            smtp: ServerConfiguration(host: "smtp.example.test", port: 465, user: "me"),
            signature: .text("You\nDemo Corp"),
            identities: [Identity(email: "you@lists.example.test", name: "You (lists)", signature: .text("Sent from the lists address"),
                                  replyTo: [Address(mailbox: "replies@lists.example.test")])])
    }

    @Test func theFromLineChangesTheIdentityAndItsSignatureFollows() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 100)
        app.accounts = [Self.account()]
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        var edited = ""
        app.onEdit = { path in
            edited = try String(contentsOfFile: path, encoding: .utf8)
            try edited.replacingOccurrences(of: "\n\n\n-- ", with: "\n\nSee you there.\n-- ").write(toFile: path, atomically: true, encoding: .utf8)
        }
        app.press(.character("m"))
        app.type("friend@example.test")
        app.press(.enter)
        app.type("Plans")
        app.press(.enter)
        #expect(edited.contains("From: You <you@demo.merle.test>"), "\(edited)")
        #expect(edited.hasSuffix("\n\n\n-- \nYou\nDemo Corp\n"), "the account's signature below an empty line: \(edited)")
        #expect(app.pendingCompose?.draft.body == "See you there.\n-- \nYou\nDemo Corp\n")

        // k to the From line, Enter, Tab to the next identity, Enter.
        app.press(.character("k"), .enter)
        app.draw()
        #expect(screen.render().contains("From (Tab: your addresses): You <you@demo.merle.test>"))
        app.press(.tab)
        #expect(app.prompt?.text == "\"You (lists)\" <you@lists.example.test>")
        app.press(.enter)
        let pending = try #require(app.pendingCompose)
        #expect(pending.draft.from == Address(name: "You (lists)", mailbox: "you@lists.example.test"))
        #expect(pending.draft.body == "See you there.\n-- \nSent from the lists address\n", "the signature followed: \(pending.draft.body)")
        #expect(pending.draft.replyTo.map(\.mailbox) == ["replies@lists.example.test"])
        app.draw()
        #expect(screen.render().contains("From:    \"You (lists)\" <you@lists.example.test>"))

        // An address that is not the user's is refused and changes nothing.
        app.press(.enter, .ctrl("u"))
        app.type("boss@example.org")
        app.press(.enter)
        #expect(app.lastError?.contains("boss@example.org is not one of this account's addresses") == true, "\(app.lastError ?? "")")
        #expect(app.pendingCompose?.draft.from.mailbox == "you@lists.example.test")

        app.press(.character("y"))
        guard case let .enqueue(_, message, _, _, _)? = sent.last else {
            Issue.record("nothing queued: \(sent)")
            return
        }
        #expect(message.envelopeSender == "you@lists.example.test")
        let parsed = MIMEMessage(bytes: message.bytes)
        #expect(parsed.from.addresses.first?.mailbox == "you@lists.example.test")
        #expect(parsed.replyTo.addresses.first?.mailbox == "replies@lists.example.test")
    }

    @Test func aReplyIsWrittenFromTheIdentityTheMessageWasSentTo() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, _) = try fixture.app(columns: 100)
        app.accounts = [Self.account()]
        app.sendCommand = { _ in }
        var edited = ""
        app.onEdit = { path in edited = try String(contentsOfFile: path, encoding: .utf8) }
        // A message to the lists address, in the open folder.
        let raw = "From: Ann <ann@example.test>\r\nTo: You <you@lists.example.test>\r\nCc: you+x@demo.merle.test\r\nSubject: Lists question\r\n"
            + "Message-ID: <lq@example.test>\r\nDate: Mon, 07 Dec 2026 10:00:00 +0000\r\n\r\nA question.\r\n"
        try fixture.add(raw, subject: "Lists question")
        try app.open(folderNamed: "INBOX")
        #expect(try app.record(at: 0, store: fixture.store)?.subject == "Lists question", "the newest, selected")
        app.press(.character("r"))
        #expect(edited.contains("From: \"You (lists)\" <you@lists.example.test>"), "\(edited)")
        #expect(edited.contains("> A question.\n\n\n-- \nSent from the lists address\n"), "\(edited)")
        #expect(app.pendingCompose?.draft.to.map(\.mailbox) == ["ann@example.test"])
    }
}
