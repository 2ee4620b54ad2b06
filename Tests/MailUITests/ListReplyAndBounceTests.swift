import Foundation
import MailMessage
import MailStore
@testable import MailUI
import SyncEngine
import Terminal
import Testing

/// `L` answers the list (List-Post), `b` bounces through the engine after a yes, and the
/// pager shows the List-Id.
@Suite struct ListReplyAndBounceTests {
    static let listMessage = "From: Ann <ann@example.test>\r\nTo: swift-dev@lists.example.test\r\nReply-To: ann@example.test\r\n"
        + "Subject: [swift-dev] Build times\r\nMessage-ID: <bt@example.test>\r\nDate: Mon, 07 Dec 2026 10:00:00 +0000\r\n"
        + "List-Id: Swift Developers <swift-dev.lists.example.test>\r\nList-Post: <mailto:swift-dev@lists.example.test>\r\n\r\nSlow again.\r\n"

    @Test func listReplyGoesToTheListAndThePagerShowsItsId() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 100)
        app.sendCommand = { _ in }
        var edited = ""
        app.onEdit = { path in edited = try String(contentsOfFile: path, encoding: .utf8) }
        try fixture.add(Self.listMessage, subject: "[swift-dev] Build times")
        try app.open(folderNamed: "INBOX")
        app.press(.enter)
        app.draw()
        #expect(screen.render().contains("List-Id: Swift Developers <swift-dev.lists.example.test>"), "\(screen.render())")
        app.press(.character("L"))
        #expect(edited.contains("To: swift-dev@lists.example.test\n"), "\(edited)")
        #expect(app.pendingCompose?.draft.to.map(\.mailbox) == ["swift-dev@lists.example.test"])

        // A message from no list: L says why and writes nothing.
        app.showIndex()
        app.press(.character("j"))
        edited = ""
        app.press(.character("L"))
        #expect(app.lastError?.contains("has no List-Post address") == true, "\(app.lastError ?? "")")
        #expect(edited.isEmpty)
    }

    @Test func bounceAsksAndQueuesTheMessageUnchangedWithoutASentCopy() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 120)
        let (engine, events) = fixture.engine(for: app)
        defer { engine.stop() }
        let id = try fixture.add(Self.listMessage, subject: "[swift-dev] Build times")
        try app.open(folderNamed: "INBOX")
        app.press(.character("b"))
        app.type("Bob <bob@example.test>")
        app.press(.enter)
        app.draw()
        #expect(screen.render().contains("Bounce this message to bob@example.test? (y/n)"))
        app.press(.character("n"))
        #expect(app.info == "Nothing bounced.")
        app.press(.character("b"))
        app.type("bob@example.test, carol@example.test")
        app.press(.enter, .character("y"))
        #expect(events.wait { $0.contains(.done("Queued the bounce to 2 recipients; it waits in the outbox: no SMTP server is configured for demo.")) })
        let queued = try #require(try fixture.store.outbox().first)
        #expect(queued.recipientList == ["bob@example.test", "carol@example.test"])
        #expect(!queued.filesSentCopy, "no copy of a bounce goes to Sent")
        #expect(queued.envelopeFrom == DemoMailbox.ownAddress)
        let raw = [UInt8](queued.raw)
        let original = [UInt8](try #require(try fixture.store.rawMessage(id: id)))
        #expect(Array(raw.suffix(original.count)) == original, "the message goes unchanged")
        #expect(String(decoding: raw.prefix(raw.count - original.count), as: UTF8.self)
            .hasPrefix("Resent-From: \(DemoMailbox.ownAddress)\r\nResent-To: bob@example.test, carol@example.test\r\nResent-Date: "))
    }

    @Test func unsubscribeAsksFirstAndChoosesOneClickMailOrAPageToOpen() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 120)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        func message(_ name: String, _ fields: String) throws {
            try fixture.add("From: list@lists.example.test\r\nTo: you@demo.merle.test\r\nSubject: \(name)\r\nList-Id: <dev.lists.example.test>\r\n"
                            + fields + "\r\nBody\r\n", subject: name)
            try app.open(folderNamed: "INBOX")
            sent = []
        }
        try message("one-click", "List-Unsubscribe: <mailto:leave@lists.example.test>, <https://lists.example.test/u?x=1>\r\n"
                    + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n")
        app.press(.character("U"))
        app.draw()
        #expect(screen.render().contains("Unsubscribe from the list dev.lists.example.test with a one-click request to lists.example.test? (y/n)"))
        app.press(.character("n"))
        #expect(sent.isEmpty && app.info == "Still subscribed.")
        app.press(.character("U"), .character("y"))
        #expect(sent == [.unsubscribeOneClick(uri: "https://lists.example.test/u?x=1")])

        try message("by mail", "List-Unsubscribe: <mailto:leave@lists.example.test?subject=bye>\r\n")
        app.press(.character("U"), .character("y"))
        guard case let .enqueue(_, built, nil, nil, nil)? = sent.first else {
            Issue.record("nothing queued: \(sent)")
            return
        }
        #expect(built.recipients == ["leave@lists.example.test"])
        #expect(MIMEMessage(bytes: built.bytes).subject == "bye")

        try message("on the web", "List-Unsubscribe: <https://lists.example.test/manage>\r\n")
        app.press(.character("U"))
        #expect(sent.isEmpty, "nothing is sent for a web page")
        #expect(app.shownText?.lines.contains("https://lists.example.test/manage") == true, "\(String(describing: app.shownText))")
        app.press(.character("q"))
        #expect(app.shownText == nil)
    }
}
