import Foundation
import MailCrypto
import MailMessage
import TestSupport
import Testing

/// The reader never lets a pinentry draw over its screen: it decrypts without one, and
/// hands the terminal over only when the key's passphrase is really needed.
@Suite struct PassphraseTests {
    /// Counts hand-overs; the real one is the curses screen's `handingOver`.
    final class HandOverLog: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var calls: Int { lock.withLock { count } }
        func record() { lock.withLock { count += 1 } }
    }

    @Test func terminalHandedOverOnlyForAPassphrase() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        try home.makeKey("Bob <bob@example.test>")
        try home.makeKey("Carol <carol@example.test>", passphrase: "correct horse")
        let log = HandOverLog()
        let cryptography = MailCryptography(gnupgHome: home.path, terminalHandOver: TerminalHandOver { _ in
            log.record()
            return CryptoOutcome(content: nil, failure: "asked on the terminal")
        })
        let renderer = MessageRenderer(cryptography: cryptography)

        let forBob = try home.gpg(["--armor", "--encrypt", "--recipient", "bob@example.test"], input: Array("no passphrase\n".utf8))
        let open = renderer.render(MessageParser.parse(Array("From: a@example.test\r\nSubject: x\r\n\r\n".utf8) + forBob))
        #expect(open.bodyText.contains("no passphrase"))
        #expect(log.calls == 0)

        let forCarol = try home.gpg(["--armor", "--encrypt", "--recipient", "carol@example.test"], input: Array("behind a passphrase\n".utf8))
        let locked = renderer.render(MessageParser.parse(Array("From: a@example.test\r\nSubject: x\r\n\r\n".utf8) + forCarol))
        #expect(log.calls == 1)
        #expect(locked.security.first?.failure == "asked on the terminal")
        #expect(!locked.bodyText.contains("behind a passphrase"))

        // Without any pinentry the engine says why, at once.
        let cachedOnly = PGPEngine(homeDirectory: home.path, passphrases: .cachedOnly).decrypt(forCarol)
        #expect(cachedOnly.content == nil)
        #expect(cachedOnly.failure?.contains("passphrase") == true)
    }
}
