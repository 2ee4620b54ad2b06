import Foundation
import MailMessage
import MailStore
@testable import MailUI
import MerleConfig
import SyncEngine
import Testing

/// The compose screen follows Autocrypt's recommendation (Level 1 section 2.4): with
/// `encrypt = "opportunistic"` and `autocrypt_prefer_encrypt = true`, mail to people
/// whose header said `prefer-encrypt=mutual` starts encrypted, shown before sending.
@Suite struct AutocryptComposeTests {
    @Test func mutualPeersStartEncryptedOthersDoNot() throws {
        let fixture = try DemoFixture(messages: 5)
        let demo = try fixture.store.folder(named: "INBOX")
        let key = Data([0x99, 0x00, 0x0D, 0x04, 0x41, 0x41]).base64EncodedString()
        let learnt = "From: ada@example.test\r\nDate: Mon, 03 Nov 2025 10:00:00 +0000\r\nSubject: k\r\n"
            + "Autocrypt: addr=ada@example.test; prefer-encrypt=mutual; keydata=\(key)\r\n\r\nHi\r\n"
        try fixture.store.storeMirrorHeaders(folderId: demo.id!, [MailStore.MirrorHeader(uid: 9_001, flags: [], internalDate: nil, size: 100,
                                                                                          bytes: Array(learnt.utf8))])
        let (app, screen) = try fixture.app(columns: 140)
        let server = ServerConfiguration(host: "127.0.0.1", port: 1, user: "me")
        func configure(preferEncrypt: Bool) {
            app.accounts = [AccountConfiguration(name: "demo", email: "me@example.test", incoming: .imap(server), smtp: server,
                                                 encrypt: .opportunistic, autocryptPreferEncrypt: preferEncrypt)]
        }
        app.sendCommand = { _ in }
        func compose(to: String) -> String {
            app.onEdit = { path in try "To: \(to)\nSubject: Hello\n\nHi\n".write(toFile: path, atomically: true, encoding: .utf8) }
            app.press(.character("r"))
            app.draw()
            return screen.render()
        }
        configure(preferEncrypt: true)
        let mutual = compose(to: "Ada <ada@example.test>")
        #expect(mutual.contains("encrypt: yes"), "\(mutual)")
        #expect(app.info?.contains("every recipient prefers it (Autocrypt)") == true)
        app.press(.character("q"), .character("y"))

        let mixed = compose(to: "ada@example.test, stranger@example.test")
        #expect(mixed.contains("stranger@example.test") && mixed.contains("encrypt: if every recipient has a key"), "\(mixed)")
        app.press(.character("q"), .character("y"))

        // The sender does not prefer it: opportunistic as before.
        configure(preferEncrypt: false)
        let unasked = compose(to: "ada@example.test")
        #expect(unasked.contains("encrypt: if every recipient has a key"), "\(unasked)")
    }
}
