import Foundation
import GRDB
import TestSupport
import Testing

/// The compose screen's sign and encrypt keys in a real terminal: `merle demo` under
/// tmux with a GnuPG home for the demo's own address. The state is shown before sending;
/// a recipient without a key is named and nothing is queued; what is queued decrypts.
@Suite(.serialized) struct ComposeCryptoTmuxTests {
    typealias Session = TUITmuxTests.TmuxSession

    @Test func signAndEncryptKeysShowTheStateAndQueueAnEncryptedMessage() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        try home.makeKey("You <you@demo.merle.test>")
        try home.makeKey("Ada <ada@example.test>")
        let folder = try TemporaryFolder()
        try TUITmuxTests.seededDemo(folder, messages: 40)
        let session = try Session(columns: 120, rows: 30)
        defer { session.close() }
        let command = "GNUPGHOME=\(TUITmuxTests.shellQuote(home.path)) EDITOR=true \(TUITmuxTests.shellQuote(MerleProcess.binary.path)) demo "
            + "--data-dir \(TUITmuxTests.shellQuote(folder.path)); echo MERLE-EXIT=$?"
        try session.type(command)
        try session.send("Enter")
        try session.waitFor("the index") { $0.contains("-- demo/INBOX") }

        func write(to address: String, subject: String) throws {
            try session.send("m")
            try session.type(address)
            try session.send("Enter")
            try session.type(subject)
            try session.send("Enter")
            try session.waitFor("the review") { $0.contains("Security: sign: no  encrypt: no  (PGP/MIME)  (s: sign, x: encrypt, c: PGP or S/MIME)") }
        }

        // Nobody has a key for nokey@: named, and the message stays on the screen.
        try write(to: "nokey@example.test", subject: "Nope")
        // c switches to S/MIME and back.
        try session.send("c")
        try session.waitFor("S/MIME") { $0.contains("Security: sign: no  encrypt: no  (S/MIME)") }
        try session.send("c")
        try session.waitFor("PGP/MIME again") { $0.contains("Security: sign: no  encrypt: no  (PGP/MIME)") }
        try session.send("x")
        try session.waitFor("encryption on") { $0.contains("Security: sign: no  encrypt: yes") }
        try session.send("y")
        try session.waitFor("the empty-body question") { $0.contains("Send it anyway? (y/n)") }
        try session.send("y")
        var screen = try session.waitFor("the refusal") { $0.contains("no usable key to encrypt to nokey@example.test (no key") }
        #expect(screen.contains("Subject: Nope"), "the compose screen stays: \(screen)")
        // The help screen lists the keys.
        try session.send("?")
        try session.waitFor("the help") { $0.contains("q:Close help") }
        try session.send("G")
        screen = try session.waitFor("the compose keys in the help") { $0.contains("sign the message or not") }
        #expect(screen.contains("encrypt the message or not"))
        try session.send("q")
        try session.waitFor("the review again") { $0.contains("Subject: Nope") && $0.contains("Security:") }
        try session.send("q")
        try session.waitFor("the discard question") { $0.contains("Discard this message? (y/n)") }
        try session.send("y")
        try session.waitFor("the index") { $0.contains("Discarded.") }

        // Ada has a key: signed and encrypted, queued.
        try write(to: "ada@example.test", subject: "Plans")
        try session.send("s")
        try session.waitFor("signing on") { $0.contains("Security: sign: yes  encrypt: no") }
        try session.send("x")
        try session.waitFor("both on") { $0.contains("Security: sign: yes  encrypt: yes") }
        try session.send("y")
        try session.waitFor("the empty-body question") { $0.contains("Send it anyway? (y/n)") }
        try session.send("y")
        try session.waitFor("the index") { $0.contains("-- demo/INBOX") && !$0.contains("Security:") }
        // The demo's account waits [general]'s send_delay too: quitting meanwhile asks.
        try session.send("q")
        try session.waitFor("the quit question") { $0.contains("(u takes it back). Quit?") }
        try session.send("y")
        try session.waitFor("the shell") { $0.contains("MERLE-EXIT=0") }

        let raw = try DatabaseQueue(path: folder.path + "/demo/merle.sqlite").read { db in
            try [UInt8](Data.fetchAll(db, sql: "SELECT raw FROM outbox WHERE state = 'queued'").first ?? Data())
        }
        let text = String(decoding: raw, as: UTF8.self)
        #expect(text.contains("multipart/encrypted") && text.contains("Subject: ...") && !text.contains("Plans"), "\(text)")
        let begin = try #require(text.range(of: "-----BEGIN PGP MESSAGE-----"))
        let end = try #require(text.range(of: "-----END PGP MESSAGE-----"))
        let plain = String(decoding: try home.gpg(["--decrypt"], input: Array(text[begin.lowerBound..<end.upperBound].utf8)), as: UTF8.self)
        #expect(plain.contains("Subject: Plans"))
    }
}
