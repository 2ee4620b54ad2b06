import Foundation
import GRDB
import MailMessage
import TestSupport
import Testing

/// Autocrypt Level 1 end to end on the real servers: Alba's mail carries her key
/// through Postfix to Dovecot; Bert's `merle sync` learns it; Bert's reply is then
/// encrypted to it, with nothing imported into his own keyring.
@Suite(.serialized) struct AutocryptRoundTripTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    static func armored(_ raw: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: raw, as: UTF8.self)
        let begin = try #require(text.range(of: "-----BEGIN PGP MESSAGE-----"))
        let end = try #require(text.range(of: "-----END PGP MESSAGE-----"))
        return Array(text[begin.lowerBound..<end.upperBound].utf8) + [0x0A]
    }

    @Test func keyTravelsInTheHeaderAndTheAnswerIsEncryptedToIt() throws {
        let alba = try servers.user("alba"), bert = try servers.user("bert")
        for user in [alba, bert] {
            let client = try servers.imapClient(user)
            try client.emptyMailbox()
            try? client.logout()
        }
        let albaHome = try GnuPGHome()
        defer { albaHome.close() }
        let bertHome = try GnuPGHome()
        defer { bertHome.close() }
        try albaHome.makeKey("Alba <\(alba.email)>")
        try bertHome.makeKey("Bert <\(bert.email)>")

        let albaFolder = try TemporaryFolder(), bertFolder = try TemporaryFolder()
        let policy = "encrypt = \"opportunistic\"\nautocrypt_prefer_encrypt = true"
        let albaConfig = try TestConfig.write(in: albaFolder, servers: servers, user: alba, name: "alba",
                                              incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                              smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"), extra: policy)
        let bertConfig = try TestConfig.write(in: bertFolder, servers: servers, user: bert, name: "bert",
                                              incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                              smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"), extra: policy)
        let asAlba = { (arguments: [String]) in
            try MerleProcess.run(arguments + ["--config", albaConfig, "--data-dir", albaFolder.path + "/data"], environment: ["GNUPGHOME": albaHome.path])
        }
        let asBert = { (arguments: [String]) in
            try MerleProcess.run(arguments + ["--config", bertConfig, "--data-dir", bertFolder.path + "/data"], environment: ["GNUPGHOME": bertHome.path])
        }

        // `config check` says Alba's mail carries her key.
        let check = try asAlba(["config", "check"])
        #expect(check.output.contains("autocrypt (alba): on: mail from \(alba.email) carries its key"), "\(check.output)")
        #expect(check.output.contains("prefer-encrypt=mutual"))

        // Alba writes first: Bert's key is unknown, so it goes in the clear, saying so.
        let token = String(UUID().uuidString.prefix(8))
        let body = try albaFolder.write("body.txt", "Hello Bert, \(token).\n")
        let first = try asAlba(["compose", "--to", bert.email, "--subject", "Hello \(token)", "--body-file", body])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("not encrypted: no usable key for \(bert.email)"), "\(first.stderr)")
        #expect(try asAlba(["send"]).status == 0)
        let delivered = try #require(try servers.waitForMessage(containing: token, to: bert), "not delivered to Bert")
        let text = String(decoding: delivered, as: UTF8.self)
        #expect(text.contains("Autocrypt: addr=\(alba.email); prefer-encrypt=mutual; keydata=\r\n "), "\(text.prefix(1200))")

        // Bert's sync learns Alba's key and preference.
        let synced = try asBert(["sync"])
        #expect(synced.status == 0, "\(synced.stderr)")
        let peers = try asBert(["autocrypt", "peers", "--json"])
        #expect(peers.status == 0, "\(peers.stderr)")
        let line = try #require(peers.output.split(separator: "\n").first.map { Data($0.utf8) })
        let peer = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(peer["address"] as? String == alba.email)
        #expect(peer["account"] as? String == "bert")
        #expect(peer["prefer_encrypt"] as? String == "mutual")
        #expect((peer["key_bytes"] as? Int ?? 0) > 100)

        // Bert answers: encrypted to Alba's Autocrypt key (both prefer mutual, so it is on).
        let reply = try bertFolder.write("reply.txt", "Hello Alba, the answer is \(token).\n")
        let answered = try asBert(["compose", "--to", alba.email, "--subject", "Re: Hello", "--body-file", reply])
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.output.contains("encrypted (PGP/MIME)"), "\(answered.output)")
        let raw = try DatabaseQueue(path: bertFolder.path + "/data/merle.sqlite").read { db in
            try [UInt8](Data.fetchAll(db, sql: "SELECT raw FROM outbox ORDER BY id DESC").first ?? Data())
        }
        let rawText = String(decoding: raw, as: UTF8.self)
        #expect(rawText.contains("multipart/encrypted") && !rawText.contains("the answer is"))
        // Bert's own header travels outside the encryption.
        #expect(rawText.contains("Autocrypt: addr=\(bert.email); prefer-encrypt=mutual; keydata="))
        let plain = String(decoding: try albaHome.gpg(["--decrypt"], input: try Self.armored(raw)), as: UTF8.self)
        #expect(plain.contains("Hello Alba, the answer is \(token)."))
        // Bert's keyring was never written to: the key lives in Merle's own GnuPG home.
        #expect(throws: (any Error).self) { try bertHome.gpg(["--list-keys", alba.email]) }
        #expect(FileManager.default.fileExists(atPath: bertFolder.path + "/data/autocrypt-gnupg"))
    }

    /// `merle autocrypt setup-message` queues the Setup Message to Alba herself; gpg opens
    /// it with the printed code; `merle autocrypt import-setup` brings the key into a
    /// fresh GnuPG home, and refuses a wrong code without importing anything.
    @Test func setupMessageTravelsToOneselfAndImportsWithItsCode() throws {
        let alba = try servers.user("alba")
        let client = try servers.imapClient(alba)
        try client.emptyMailbox()
        try? client.logout()
        let albaHome = try GnuPGHome()
        defer { albaHome.close() }
        let newHome = try GnuPGHome()
        defer { newHome.close() }
        let fingerprint = try albaHome.makeKey("Alba <\(alba.email)>")
        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: alba, name: "alba",
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                          smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"),
                                          extra: "autocrypt_prefer_encrypt = true")
        let options = ["--config", config, "--data-dir", folder.path + "/data"]
        let made = try MerleProcess.run(["autocrypt", "setup-message"] + options, environment: ["GNUPGHOME": albaHome.path])
        #expect(made.status == 0, "\(made.stderr)")
        let code = try #require(made.output.split(separator: "\n").map(String.init).first {
            $0.range(of: #"^[0-9]{4}(-[0-9]{4}){8}$"#, options: .regularExpression) != nil
        }, "no Setup Code in \(made.output)")
        #expect(made.output.components(separatedBy: code).count == 2, "printed once")
        #expect(try MerleProcess.run(["send"] + options).status == 0)

        let delivered = try #require(try servers.waitForMessage(containing: "Autocrypt-Setup-Message: v1", to: alba), "not delivered")
        let message = MessageParser.parse(delivered)
        #expect(message.body.mediaType.mimeType == "multipart/mixed")
        #expect(message.body.children.first?.mediaType.mimeType == "text/plain")
        #expect(message.to.addresses.map(\.mailbox) == [alba.email])
        let payload = try #require(AutocryptSetupMessage.payload(in: message))
        let armor = String(decoding: payload, as: UTF8.self)
        #expect(armor.hasPrefix("-----BEGIN PGP MESSAGE-----\nPassphrase-Format: numeric9x4\nPassphrase-Begin: \(code.prefix(2))\n"), "\(armor.prefix(200))")
        #expect(!armor.contains("PRIVATE KEY"))

        // gpg alone opens it with the code: AES-128 (cipher 7), the secret key inside.
        let packets = String(decoding: try newHome.gpg(["--passphrase", code, "--list-packets"], input: payload), as: UTF8.self)
        #expect(packets.contains("symkey enc packet: version 4, cipher 7"), "\(packets)")
        let opened = String(decoding: try newHome.gpg(["--passphrase", code, "--decrypt"], input: payload), as: UTF8.self)
        #expect(opened.hasPrefix("-----BEGIN PGP PRIVATE KEY BLOCK-----\nAutocrypt-Prefer-Encrypt: mutual\n"), "\(opened.prefix(120))")
        #expect(throws: (any Error).self) { try newHome.gpg(["--passphrase", "1111-2222", "--decrypt"], input: payload) }

        // Another Merle (a fresh data folder and GnuPG home) syncs it and imports it.
        let other = ["--config", config, "--data-dir", folder.path + "/other"]
        #expect(try MerleProcess.run(["sync"] + other).status == 0)
        let rows = try MerleProcess.run(["list", "INBOX", "--json"] + other).jsonRows()
        let id = try #require(rows.first { ($0["subject"] as? String) == "Autocrypt Setup Message" }?["id"] as? Int)
        func importing(_ typed: String) throws -> MerleProcess.Result {
            let codeFile = try folder.write("code-\(UUID().uuidString)", typed + "\n")
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "MERLE_CONFIG")
            environment.removeValue(forKey: "MERLE_DATA_DIR")
            environment["GNUPGHOME"] = newHome.path
            return try MerleProcess.run(program: "/bin/sh", ["-c", "exec \"$0\" \"$@\" < \"\(codeFile)\"", MerleProcess.binary.path,
                                                              "autocrypt", "import-setup", String(id), "--code-from-stdin"] + other,
                                        environment: environment)
        }
        var wrong = Array(code)
        wrong[0] = wrong[0] == "1" ? "2" : "1"
        let refused = try importing(String(wrong))
        #expect(refused.status == 1 && refused.stderr.contains("the setup code is not the one"), "\(refused.stderr)")
        #expect(throws: (any Error).self) { try newHome.gpg(["--list-secret-keys", fingerprint]) }
        let notACode = try importing("12345")
        #expect(notACode.status == 1 && notACode.stderr.contains("36 digits"), "\(notACode.stderr)")

        let imported = try importing(code.replacingOccurrences(of: "-", with: " "))
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.output.contains("Imported the secret key \(fingerprint)"), "\(imported.output)")
        #expect(imported.output.contains("prefer encryption"))
        let secret = String(decoding: try newHome.gpg(["--with-colons", "--list-secret-keys", fingerprint]), as: UTF8.self)
        #expect(secret.contains("sec:") && secret.contains(fingerprint))
    }

    /// The same engine path for POP3: Bert downloads Alba's mail and learns her key.
    @Test func pop3DownloadsLearnPeersToo() throws {
        let alba = try servers.user("alba"), bert = try servers.user("bert")
        let client = try servers.imapClient(bert)
        try client.emptyMailbox()
        try? client.logout()
        let albaHome = try GnuPGHome()
        defer { albaHome.close() }
        try albaHome.makeKey("Alba <\(alba.email)>")
        let albaFolder = try TemporaryFolder(), bertFolder = try TemporaryFolder()
        let albaConfig = try TestConfig.write(in: albaFolder, servers: servers, user: alba, name: "alba",
                                              incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                              smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"))
        let bertConfig = try TestConfig.write(in: bertFolder, servers: servers, user: bert, name: "bert",
                                              incoming: .init(kind: "pop3", port: servers.pop3sPort, tls: "implicit"))
        let token = String(UUID().uuidString.prefix(8))
        let body = try albaFolder.write("body.txt", "By POP3, \(token).\n")
        let albaOptions = ["--config", albaConfig, "--data-dir", albaFolder.path + "/data"]
        let sent = try MerleProcess.run(["compose", "--to", bert.email, "--subject", "POP3 \(token)", "--body-file", body] + albaOptions,
                                        environment: ["GNUPGHOME": albaHome.path])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try MerleProcess.run(["send"] + albaOptions).status == 0)
        _ = try #require(try servers.waitForMessage(containing: token, to: bert), "not delivered to Bert")

        let bertOptions = ["--config", bertConfig, "--data-dir", bertFolder.path + "/data"]
        let synced = try MerleProcess.run(["sync"] + bertOptions)
        #expect(synced.status == 0, "\(synced.stderr)")
        let peers = try MerleProcess.run(["autocrypt", "peers"] + bertOptions)
        let fields = try #require(peers.output.split(separator: "\n").first?.split(separator: "\t").map(String.init), "\(peers.output)")
        #expect(fields.count == 6)
        #expect(fields.prefix(3) == ["bert", alba.email, "nopreference"])
    }
}
