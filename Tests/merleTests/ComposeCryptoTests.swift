import Foundation
import GRDB
import IMAPProtocol
import MailMessage
import TestSupport
import Testing
import Transport

/// `merle compose --sign --encrypt` end to end: written by Merle with GnuPG, delivered
/// by the real Postfix, read back from the real Dovecot and decrypted by gpg and by
/// Merle; its Sent copy decrypts with the sender's own key.
@Suite(.serialized) struct ComposeCryptoTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    /// Gwen's GnuPG home (her secret key, Hugo's public one) and Hugo's (the other way round).
    static func withHomes(_ gwen: TestServers.User, _ hugo: TestServers.User,
                          _ body: (_ gwenHome: GnuPGHome, _ hugoHome: GnuPGHome) throws -> Void) throws {
        let gwenHome = try GnuPGHome()
        defer { gwenHome.close() }
        let hugoHome = try GnuPGHome()
        defer { hugoHome.close() }
        try gwenHome.makeKey("Gwen <\(gwen.email)>")
        try hugoHome.makeKey("Hugo <\(hugo.email)>")
        try gwenHome.importKey(try hugoHome.exportPublic("Hugo <\(hugo.email)>"))
        try hugoHome.importKey(try gwenHome.exportPublic("Gwen <\(gwen.email)>"))
        try body(gwenHome, hugoHome)
    }

    static func armored(_ raw: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: raw, as: UTF8.self)
        let begin = try #require(text.range(of: "-----BEGIN PGP MESSAGE-----"))
        let end = try #require(text.range(of: "-----END PGP MESSAGE-----"))
        return Array(text[begin.lowerBound..<end.upperBound].utf8) + [0x0A]
    }

    @Test func encryptedMessageArrivesAndDecryptsAndSoDoesItsSentCopy() throws {
        let gwen = try servers.user("gwen"), hugo = try servers.user("hugo")
        let client = try servers.imapClient(gwen)
        defer { try? client.logout() }
        try client.emptyMailbox()
        // Hugo's INBOX empty too: the message is found by its type, its words being encrypted.
        let hugoClient = try servers.imapClient(hugo)
        try hugoClient.emptyMailbox()
        try? hugoClient.logout()
        try Self.withHomes(gwen, hugo) { gwenHome, hugoHome in
            let folder = try TemporaryFolder()
            let config = try TestConfig.write(in: folder, servers: servers, user: gwen, name: "gwen",
                                              incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                              smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"),
                                              extra: "display_name = \"Gwen\"")
            let merle = { (arguments: [String]) in
                try MerleProcess.run(arguments + ["--config", config, "--data-dir", folder.path + "/data"], environment: ["GNUPGHOME": gwenHome.path])
            }
            let token = String(UUID().uuidString.prefix(8))
            let body = try folder.write("body.txt", "The plan, \(token).\n")
            let composed = try merle(["compose", "--to", "Hugo <\(hugo.email)>", "--subject", "Secret \(token)", "--body-file", body,
                                      "--sign", "--encrypt"])
            #expect(composed.status == 0, "\(composed.stderr)")
            #expect(composed.output.contains("signed and encrypted (PGP/MIME)"), "\(composed.output)")
            let sent = try merle(["send"])
            #expect(sent.status == 0, "\(sent.stderr)")

            // Hugo's copy: nothing readable on the way, the Subject inside.
            let delivered = try #require(try servers.waitForMessage(containing: "multipart/encrypted", to: hugo), "not delivered to Hugo")
            let text = String(decoding: delivered, as: UTF8.self)
            #expect(text.contains("Subject: ...") && !text.contains(token))
            let plain = String(decoding: try hugoHome.gpg(["--decrypt"], input: try Self.armored(delivered)), as: UTF8.self)
            #expect(plain.contains("Subject: Secret \(token)") && plain.contains("The plan, \(token)."))
            // Merle's own reader, in Hugo's keyring.
            let file = try folder.write("delivered.eml", text)
            let shown = try MerleProcess.run(["show", "--file", file, "--text"], environment: ["GNUPGHOME": hugoHome.path])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.output.contains("Subject: Secret \(token)"))
            #expect(shown.output.contains("▌   Good signature from Gwen <\(gwen.email)>"), "\(shown.output)")
            #expect(shown.output.contains("The plan, \(token)."))

            // The Sent copy (filed by the next sync) decrypts with Gwen's own key.
            #expect(try merle(["sync"]).status == 0)
            let selected = try client.select(MailboxName("Sent"), readOnly: true)
            #expect(selected.exists == 1)
            let copy = try client.uidFetch(.all, [.bodySection(.complete, peek: true)]).first?.body(.complete) ?? []
            #expect(!String(decoding: copy, as: UTF8.self).contains(token))
            let mine = String(decoding: try gwenHome.gpg(["--decrypt"], input: try Self.armored(copy)), as: UTF8.self)
            #expect(mine.contains("The plan, \(token)."))
        }
    }

    /// `search_encrypted`: Hugo's account finds the words of encrypted mail it synced
    /// from the real Dovecot only while the option is on; off, `merle search` takes them
    /// out of the index again.
    @Test func searchEncryptedFindsTheWordsOnlyWhileItIsOn() throws {
        let gwen = try servers.user("gwen"), hugo = try servers.user("hugo")
        let hugoClient = try servers.imapClient(hugo)
        try hugoClient.emptyMailbox()
        try? hugoClient.logout()
        try Self.withHomes(gwen, hugo) { gwenHome, hugoHome in
            let folder = try TemporaryFolder()
            let gwenConfig = try TestConfig.write(in: folder, servers: servers, user: gwen, name: "gwen",
                                                  incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                                  smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"))
            let token = "quokka" + String(UUID().uuidString.prefix(6)).lowercased().filter(\.isLetter)
            let body = try folder.write("body.txt", "Meet at the \(token) gate.\n")
            let composed = try MerleProcess.run(["compose", "--to", hugo.email, "--subject", "Gate", "--body-file", body, "--encrypt",
                                                 "--config", gwenConfig, "--data-dir", folder.path + "/gwen"], environment: ["GNUPGHOME": gwenHome.path])
            #expect(composed.status == 0, "\(composed.stderr)")
            #expect(try MerleProcess.run(["send", "--config", gwenConfig, "--data-dir", folder.path + "/gwen"],
                                         environment: ["GNUPGHOME": gwenHome.path]).status == 0)
            #expect(try servers.waitForMessage(containing: "multipart/encrypted", to: hugo) != nil, "not delivered to Hugo")

            func hugoMerle(_ arguments: [String], searchEncrypted: Bool) throws -> MerleProcess.Result {
                let config = try TestConfig.write(in: folder, servers: servers, user: hugo, name: "hugo",
                                                  incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                                  extra: "search_encrypted = \(searchEncrypted)")
                return try MerleProcess.run(arguments + ["--config", config, "--data-dir", folder.path + "/hugo"], environment: ["GNUPGHOME": hugoHome.path])
            }
            #expect(try hugoMerle(["sync"], searchEncrypted: false).status == 0)
            #expect(try hugoMerle(["search", token], searchEncrypted: false).output.isEmpty, "off: the words are not in the index")
            let on = try hugoMerle(["search", token], searchEncrypted: true)
            #expect(on.status == 0, "\(on.stderr)")
            #expect(on.output.split(separator: "\n").count == 1 && on.output.contains(gwen.email), "on: found by a word inside: \(on.output)")
            #expect(try hugoMerle(["search", token], searchEncrypted: false).output.isEmpty, "off again: taken out")
        }
    }

    /// `encrypt = "always"`: a recipient without a key is named and nothing is queued;
    /// `--no-encrypt` sends it as it is, when the user says so.
    @Test func alwaysEncryptNamesTheRecipientWithoutAKeyAndQueuesNothing() throws {
        let gwen = try servers.user("gwen"), hugo = try servers.user("hugo")
        try Self.withHomes(gwen, hugo) { gwenHome, _ in
            let folder = try TemporaryFolder()
            let server = "host = \"127.0.0.1\"\nport = 1\nuser = \"gwen\"\n"
            let config = try folder.write("config.toml", "[[account]]\nname = \"gwen\"\nemail = \"\(gwen.email)\"\nencrypt = \"always\"\n"
                                          + "[account.imap]\n" + server + "[account.smtp]\n" + server)
            let data = folder.path + "/data"
            let environment = ["GNUPGHOME": gwenHome.path]
            let body = try folder.write("body.txt", "Hello.\n")
            let compose = ["compose", "--config", config, "--data-dir", data, "--to", hugo.email, "--cc", "nokey@example.test",
                           "--subject", "S", "--body-file", body]
            let refused = try MerleProcess.run(compose, environment: environment)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("no usable key to encrypt to nokey@example.test (no key for nokey@example.test)"), "\(refused.stderr)")
            #expect(!refused.stderr.contains(hugo.email), "Hugo has a key: \(refused.stderr)")
            #expect(try MerleProcess.run(["outbox", "--data-dir", data]).output.contains("The outbox is empty."))

            let plain = try MerleProcess.run(compose + ["--no-encrypt"], environment: environment)
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(plain.output.contains("Queued message 1 to 2 recipients"), "\(plain.output)")
        }
    }

    /// `--draft --encrypt`: the draft is kept encrypted to the writer's key and reopens.
    @Test func anEncryptedDraftIsKeptEncryptedAndReopens() throws {
        let gwen = try servers.user("gwen"), hugo = try servers.user("hugo")
        try Self.withHomes(gwen, hugo) { gwenHome, _ in
            let folder = try TemporaryFolder()
            let server = "host = \"127.0.0.1\"\nport = 1\nuser = \"gwen\"\n"
            let config = try folder.write("config.toml", "[[account]]\nname = \"gwen\"\nemail = \"\(gwen.email)\"\n"
                                          + "[account.imap]\n" + server + "[account.smtp]\n" + server)
            let merle = { (arguments: [String]) in
                try MerleProcess.run(arguments + ["--config", config, "--data-dir", folder.path + "/data"], environment: ["GNUPGHOME": gwenHome.path])
            }
            let body = try folder.write("body.txt", "Half a thought.\n")
            let saved = try merle(["compose", "--draft", "--encrypt", "--to", hugo.email, "--subject", "Hidden draft", "--body-file", body])
            #expect(saved.status == 0, "\(saved.stderr)")
            let id = try #require(saved.output.components(separatedBy: "Saved draft ").dropFirst().first?.split(separator: " ").first.map(String.init))
            let raw = try merle(["show", id, "--raw"])
            #expect(raw.output.contains("multipart/encrypted") && !raw.output.contains("Hidden draft") && !raw.output.contains("Half a thought"),
                    "\(raw.output)")
            // Sent from the draft, without --encrypt: a draft kept encrypted is sent encrypted.
            let queued = try merle(["compose", "--from-draft", id])
            #expect(queued.status == 0, "\(queued.stderr)")
            #expect(queued.output.contains("encrypted (PGP/MIME)") && queued.output.contains("to 1 recipient"), "\(queued.output)")
        }
    }

    /// `crypto = "smime"` (and `--crypto smime`): the `[general]` key, certificate and certificates folder; what is
    /// queued opens with `openssl cms` for the recipient.
    @Test func smimeFromTheCommandLine() throws {
        let ca = try SMIMETestCA()
        defer { ca.close() }
        let me = try ca.issue("Me", address: "me@example.test")
        let ada = try ca.issue("Ada", address: "ada@example.test")
        let folder = try TemporaryFolder()
        let certificates = folder.path + "/certificates"
        try FileManager.default.createDirectory(atPath: certificates, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ada.certificate, toPath: certificates + "/ada.pem")
        let server = "host = \"127.0.0.1\"\nport = 1\nuser = \"me\"\n"
        let config = try folder.write("config.toml", "[general]\nsmime_key = \"\(me.key)\"\nsmime_certificate = \"\(me.certificate)\"\n"
                                      + "smime_certificates = \"\(certificates)\"\n[[account]]\nname = \"me\"\nemail = \"me@example.test\"\ncrypto = \"smime\"\n"
                                      + "[account.imap]\n" + server + "[account.smtp]\n" + server)
        let data = folder.path + "/data"
        let body = try folder.write("body.txt", "Sealed words.\n")
        let queued = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--to", "ada@example.test", "--subject", "Sealed",
                                           "--body-file", body, "--sign", "--encrypt"])
        #expect(queued.status == 0, "\(queued.stderr)")
        #expect(queued.output.contains("signed and encrypted (S/MIME)"), "\(queued.output)")
        let raw = try DatabaseQueue(path: data + "/merle.sqlite").read { db in
            try [UInt8](Data.fetchAll(db, sql: "SELECT raw FROM outbox").first ?? Data())
        }
        #expect(String(decoding: raw, as: UTF8.self).contains("application/pkcs7-mime; smime-type=enveloped-data"))
        let inner = String(decoding: try ca.openssl(["cms", "-decrypt", "-recip", ada.certificate, "-inkey", ada.key], input: raw), as: UTF8.self)
        #expect(inner.contains("Subject: Sealed") && inner.contains("multipart/signed"))

        let refused = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--to", "zoe@example.test", "--subject", "S",
                                            "--body-file", body, "--crypto", "smime", "--encrypt"])
        #expect(refused.status == 1 && refused.stderr.contains("zoe@example.test (no S/MIME certificate for zoe@example.test in \(certificates))"),
                "\(refused.stderr)")
    }

    /// `encrypt = "opportunistic"`: encrypted when every recipient has a key; else sent
    /// as written, and the warning says why.
    @Test func opportunisticEncryptsOnlyWhenEveryKeyIsThere() throws {
        let gwen = try servers.user("gwen"), hugo = try servers.user("hugo")
        try Self.withHomes(gwen, hugo) { gwenHome, _ in
            let folder = try TemporaryFolder()
            let server = "host = \"127.0.0.1\"\nport = 1\nuser = \"gwen\"\n"
            let config = try folder.write("config.toml", "[[account]]\nname = \"gwen\"\nemail = \"\(gwen.email)\"\nencrypt = \"opportunistic\"\n"
                                          + "sign = true\n[account.imap]\n" + server + "[account.smtp]\n" + server)
            let body = try folder.write("body.txt", "Hello.\n")
            let merle = { (arguments: [String]) in
                try MerleProcess.run(["compose", "--config", config, "--data-dir", folder.path + "/data", "--subject", "S", "--body-file", body]
                                     + arguments, environment: ["GNUPGHOME": gwenHome.path])
            }
            let withKeys = try merle(["--to", hugo.email])
            #expect(withKeys.status == 0 && withKeys.output.contains("signed and encrypted (PGP/MIME)"), "\(withKeys.output) \(withKeys.stderr)")
            let without = try merle(["--to", hugo.email, "--cc", "nokey@example.test"])
            #expect(without.status == 0, "\(without.stderr)")
            #expect(without.stderr.contains("not encrypted: no usable key for nokey@example.test"), "\(without.stderr)")
            #expect(without.output.contains("signed (PGP/MIME), not encrypted"), "\(without.output)")
        }
    }

    /// A reply to encrypted mail quotes what is inside, answers its protected Subject and
    /// is encrypted itself, without being asked.
    @Test func aReplyToEncryptedMailQuotesTheInsideAndIsEncrypted() throws {
        let gwen = try servers.user("gwen"), hugo = try servers.user("hugo")
        try Self.withHomes(gwen, hugo) { gwenHome, hugoHome in
            let folder = try TemporaryFolder()
            // Hugo writes to Gwen, encrypted, with Merle's builder and his own keyring.
            let hugoConfig = try folder.write("hugo.toml", "[[account]]\nname = \"hugo\"\nemail = \"\(hugo.email)\"\n"
                                              + "[account.imap]\nhost = \"127.0.0.1\"\nport = 1\nuser = \"h\"\n[account.smtp]\nhost = \"127.0.0.1\"\nport = 1\nuser = \"h\"\n")
            let body = try folder.write("body.txt", "Meet at the quay at nine.\n")
            let written = try MerleProcess.run(["compose", "--config", hugoConfig, "--data-dir", folder.path + "/hugo", "--to", gwen.email,
                                                "--subject", "Quay", "--body-file", body, "--encrypt"], environment: ["GNUPGHOME": hugoHome.path])
            #expect(written.status == 0, "\(written.stderr)")
            let sent = try DatabaseQueue(path: folder.path + "/hugo/merle.sqlite").read { db in
                try [UInt8](Data.fetchAll(db, sql: "SELECT raw FROM outbox").first ?? Data())
            }
            let mbox = try folder.write("in.mbox", "From hugo@example.test Mon Dec  7 10:00:00 2026\n"
                                        + String(decoding: sent, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n") + "\n")

            // Gwen imports it and answers from the command line, with her keyring.
            let server = "host = \"127.0.0.1\"\nport = 1\nuser = \"gwen\"\n"
            let config = try folder.write("gwen.toml", "[[account]]\nname = \"gwen\"\nemail = \"\(gwen.email)\"\n"
                                          + "[account.imap]\n" + server + "[account.smtp]\n" + server)
            let merle = { (arguments: [String]) in
                try MerleProcess.run(arguments + ["--config", config, "--data-dir", folder.path + "/gwen"], environment: ["GNUPGHOME": gwenHome.path])
            }
            #expect(try merle(["import", "mbox", mbox, "INBOX"]).status == 0)
            let rows = try merle(["list", "INBOX", "--json"]).jsonRows()
            let id = try #require(rows.first?["id"] as? Int)
            let answer = try folder.write("answer.txt", "Nine it is.\n")
            let reply = try merle(["compose", "--reply-to", "\(id)", "--body-file", answer])
            #expect(reply.status == 0, "\(reply.stderr)")
            #expect(reply.output.contains("encrypted (PGP/MIME)"), "\(reply.output)")
            let queued = try DatabaseQueue(path: folder.path + "/gwen/merle.sqlite").read { db in
                try [UInt8](Data.fetchAll(db, sql: "SELECT raw FROM outbox").first ?? Data())
            }
            #expect(!String(decoding: queued, as: UTF8.self).contains("quay"))
            let plain = String(decoding: try hugoHome.gpg(["--decrypt"], input: try Self.armored(queued)), as: UTF8.self)
            #expect(plain.contains("Subject: Re: Quay"), "\(plain)")
            #expect(plain.contains("> Meet at the quay at nine.") && plain.contains("Nine it is."), "\(plain)")
        }
    }
}
