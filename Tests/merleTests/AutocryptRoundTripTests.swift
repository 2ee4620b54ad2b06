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
}
