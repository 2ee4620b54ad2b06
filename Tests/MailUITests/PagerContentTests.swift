import Foundation
import MailMessage
@testable import MailStore
@testable import MailUI
import Testing

/// The pager shows what the renderer made: each link once, and attachments under the
/// numbers `merle show --text` and `--part N` use.
@Suite struct PagerContentTests {
    static func store(_ raw: String) throws -> (DemoFixture, Int64) {
        let fixture = try DemoFixture(messages: 3)
        let store = fixture.store
        let account = try store.ensureAccount(name: "pager", kind: .local, email: "p@example.test")
        let folder = try store.ensureFolder(accountId: account.id!, name: "Inbox")
        let bytes = raw.replacingOccurrences(of: "\n", with: "\r\n")
        let id = try store.database.write { db in
            var record = MessageRecord(folderId: folder.id!, uid: 1, flags: [], date: Date(timeIntervalSince1970: 1_795_000_000),
                                       size: Int64(bytes.utf8.count), subject: "links", fromName: "", fromAddress: "a@example.test",
                                       bodyState: .full)
            try record.insert(db, raw: Data(bytes.utf8), searchBody: "links")
            return record.id!
        }
        return (fixture, id)
    }

    @Test func eachLinkIsShownOnce() throws {
        let (fixture, id) = try Self.store("""
            From: a@example.test
            Subject: links
            Content-Type: text/html; charset=utf-8

            <p>Read <a href="https://example.test/one">the first</a> and <a href="https://example.test/two">the second</a>.</p>
            """)
        var pager = try PagerContent(messageId: id, store: fixture.store)
        pager.layout(width: 100)
        let lines = pager.lines.map(\.text)
        #expect(lines.filter { $0.contains("https://example.test/one") }.count == 1, "\(lines)")
        #expect(lines.filter { $0.contains("https://example.test/two") }.count == 1)
        #expect(lines.contains { $0.contains("Read the first [1] and the second [2].") })
    }

    @Test func attachmentsCarryTheirPartNumbers() throws {
        let (fixture, id) = try Self.store("""
            From: a@example.test
            Subject: parts
            Content-Type: multipart/mixed; boundary=m

            --m
            Content-Type: text/plain

            Body
            --m
            Content-Type: image/png; name="pic.png"
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --m--
            """)
        var pager = try PagerContent(messageId: id, store: fixture.store)
        pager.layout(width: 100)
        #expect(pager.attachmentNumbers == [3])
        #expect(pager.lines.contains { $0.text.hasPrefix("  3. pic.png (image/png") })
        #expect(pager.attachment(3)?.data == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(pager.attachment(1) == nil, "a number that is no attachment gives nothing")
    }
}
