import Foundation
@testable import MailStore
import MailUI
import Terminal
import Testing

/// SECURITY.md, "The terminal": a message whose subject, sender, body and folder name
/// carry escape sequences (CSI, OSC 52, OSC 8, DCS, C1) reaches the screen without any
/// of them, on every screen.
@Suite struct HostileMessageTests {
    static let esc = "\u{1B}"
    static let csi = esc + "[2J" + esc + "[31mRED" + esc + "[6n"
    static let osc52 = esc + "]52;c;ZWNobyBwd25lZA==" + "\u{07}"
    static let osc8 = esc + "]8;;https://evil.example/" + esc + "\\click" + esc + "]8;;" + esc + "\\"
    static let dcs = esc + "Pq#0;2;0;0;0#0~~@@vv" + esc + "\\"
    static let c1 = "\u{9B}31m" + "\u{9D}0;title\u{07}"

    static func hostileStore() throws -> (DemoFixture, Int64) {
        let fixture = try DemoFixture(messages: 10)
        let store = fixture.store
        let account = try store.ensureAccount(name: "evil" + csi, kind: .local, email: "e@evil.example")
        let folder = try store.ensureFolder(accountId: account.id!, name: "Inbox" + osc52 + dcs)
        let subject = "Hello " + csi + osc52 + osc8 + dcs + c1
        let raw = """
            From: "Mallory \(csi)\(c1)" <mallory@evil.example>
            To: you@demo.merle.test
            Subject: \(subject)
            Date: Wed, 18 Nov 2026 09:00:00 +0000
            Message-ID: <evil@evil.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Body \(csi) and \(osc52) and \(osc8) and \(dcs) and \(c1) end.
            """.replacingOccurrences(of: "\n", with: "\r\n")
        let id = try store.database.write { db in
            var record = MessageRecord(folderId: folder.id!, uid: 1, flags: [], date: Date(timeIntervalSince1970: 1_795_000_000),
                                       size: Int64(raw.utf8.count), subject: subject, fromName: "Mallory " + csi + c1,
                                       fromAddress: "mallory@evil.example", bodyState: .full)
            try record.insert(db, raw: Data(raw.utf8), searchBody: "Body")
            return record.id!
        }
        return (fixture, id)
    }

    static func expectClean(_ screen: TextGridScreen, sourceLocation: SourceLocation = #_sourceLocation) {
        for row in 0..<screen.size.rows {
            let line = screen.line(row)
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) },
                    "row \(row): \(line.unicodeScalars.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
            #expect(!line.contains("ZWNobyBwd25lZA"), "OSC 52 payload shown", sourceLocation: sourceLocation)
            #expect(!line.contains("evil.example/"), "OSC 8 target shown", sourceLocation: sourceLocation)
            #expect(!line.contains("#0;2;0"), "DCS body shown", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [80, 120, 40])
    func noEscapeSequenceReachesTheScreen(columns: Int) throws {
        let (fixture, _) = try Self.hostileStore()
        let screen = TextGridScreen(rows: 24, columns: columns)
        let app = try MailApp(store: fixture.store, screen: screen, timeZone: TimeZone(identifier: "UTC")!)
        // Find the hostile folder in the sidebar and open it.
        app.press(.tab)
        for _ in 0..<20 where app.sidebar.selectedFolder?.name.hasPrefix("Inbox") != true { app.press(.character("j")) }
        app.draw()
        Self.expectClean(screen)
        #expect(screen.render().contains("evil"))
        app.press(.enter)
        #expect(app.currentFolder?.name.hasPrefix("Inbox") == true)
        app.draw()
        Self.expectClean(screen)
        #expect(screen.render().contains("Mallory"))
        app.press(.enter)
        #expect(app.mode == .pager)
        app.draw()
        Self.expectClean(screen)
        #expect(screen.render().contains("Body"))
        #expect(screen.render().contains("end."))
        app.press(.character("/"))
        app.type("Body" + Self.csi)
        app.draw()
        Self.expectClean(screen)
        app.press(.enter)
        app.draw()
        Self.expectClean(screen)
    }
}
