import Foundation
import MailCrypto
import MailMessage
import MailStore
@testable import MailUI
import SyncEngine
import TestSupport
import Testing

/// `:import-setup` in the reader: an Autocrypt Setup Message made with the real gpg,
/// its code typed at the prompt, the key imported into another GnuPG home.
@Suite struct AutocryptSetupImportTests {
    @Test func theCodeIsAskedForAndTheKeyImported() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        let target = try GnuPGHome()
        defer { target.close() }
        let fingerprint = try home.makeKey("Ann <ann@example.test>")
        let code = AutocryptSetupCode.random()
        let payload = try PGPEngine(homeDirectory: home.path).autocryptSetupPayload(for: "ann@example.test", preferEncrypt: true, code: code)

        let fixture = try DemoFixture(messages: 5)
        let account = try #require(try fixture.store.accounts().first)
        let composer = Composer(store: fixture.store, sender: Composer.Sender(accountId: account.id!, accountName: account.name,
                                                                              address: Address(name: nil, mailbox: "ann@example.test")))
        let built = try composer.autocryptSetupMessage(payload: payload)
        try fixture.add(String(decoding: built.bytes, as: UTF8.self), subject: "Autocrypt Setup Message")
        let plain = try fixture.add("From: ann@example.test\r\nSubject: hi\r\n\r\nHello\r\n", subject: "hi")
        _ = plain
        let (app, screen) = try fixture.app(columns: 120)
        app.sealer = MailCryptography(gnupgHome: target.path)

        // Not a Setup Message: said so, nothing asked.
        app.press(.character(":"))
        app.type("import-setup")
        app.press(.enter)
        app.draw()
        #expect(screen.render().contains("this is not an Autocrypt Setup Message"))

        app.press(.character("j"))
        let selected = try #require(try app.selectedMessage())
        #expect(selected.subject == "Autocrypt Setup Message")
        app.press(.character(":"))
        app.type("import-setup")
        app.press(.enter)
        #expect(app.prompt?.prompt.contains("it starts with \(code.begin)") == true)
        app.type("1234")
        app.press(.enter)
        app.draw()
        #expect(screen.render().contains("a Setup Code is 36 digits"))

        app.press(.character(":"))
        app.type("import-setup")
        app.press(.enter)
        app.type(code.formatted)
        app.press(.enter)
        #expect(app.info?.contains("Imported the secret key \(fingerprint)") == true, "\(app.info ?? "") \(app.lastError ?? "")")
        #expect(String(decoding: try target.gpg(["--with-colons", "--list-secret-keys", fingerprint]), as: UTF8.self).contains("sec:"))
    }
}
