import Foundation
import IMAPProtocol
import MailMessage
import TestSupport
import Testing
import Transport

/// Drafts saved, reopened, saved again and sent, and a reply marked `\Answered` on the
/// server, through `merle compose` and `merle sync` against the real Postfix and Dovecot.
@Suite(.serialized) struct DraftReplyTests {
    /// A config for `user` with IMAP and submission, its global options, and a `merle`
    /// that runs a command with them and expects it to succeed.
    static func account(_ user: TestServers.User, servers: TestServers) throws
        -> (TemporaryFolder, [String], ([String]) throws -> MerleProcess.Result) {
        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: user, name: user.name,
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                          smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"))
        let global = ["--config", config, "--data-dir", folder.path + "/data"]
        func merle(_ arguments: [String]) throws -> MerleProcess.Result {
            let result = try MerleProcess.run(arguments + global)
            #expect(result.status == 0, "merle \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }
        return (folder, global, merle)
    }

    @Test func draftsAndRepliesRoundTripThroughTheServer() throws {
        let servers = try TestServers.load()
        let ines = try servers.user("ines")
        let grace = try servers.user("grace")
        let client = try servers.imapClient(ines)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = UUID().uuidString
        try client.append(Array("From: Grace <\(grace.email)>\r\nTo: \(ines.email)\r\nSubject: Question \(token)\r\nMessage-ID: <q-\(token)@example.test>\r\n\r\nAre you coming?\r\n".utf8),
                          to: .inbox)
        try client.execute(.close)

        let (folder, global, merle) = try Self.account(ines, servers: servers)
        func number(after prefix: String, in text: String) -> String? {
            text.components(separatedBy: prefix).dropFirst().first?.split(separator: " ").first.map(String.init)
        }
        func serverFolder(_ name: String) throws -> [FetchResponse] {
            let selected = try client.select(MailboxName(name), readOnly: true)
            guard selected.exists > 0 else { return [] }
            return try client.uidFetch(.all, [.uid, .flags, .bodySection(.complete, peek: true)])
        }
        _ = try merle(["sync"])

        // A draft with a Bcc, saved offline and uploaded by the next sync.
        let body = try folder.write("body.txt", "First thoughts \(token)\n")
        let saved = try merle(["compose", "--draft", "--to", grace.email, "--bcc", "boss@example.test", "--subject", "Plan \(token)",
                               "--body-file", body])
        let draftId = try #require(number(after: "Saved draft ", in: saved.output))
        _ = try merle(["sync"])
        var drafts = try serverFolder("Drafts")
        #expect(drafts.count == 1)
        #expect(drafts.first?.flags?.contains(.draft) == true)
        let draftText = String(decoding: drafts.first?.body(.complete) ?? [], as: UTF8.self)
        #expect(draftText.contains("Bcc: boss@example.test"), "the draft keeps its Bcc for reopening")

        // Reopened with a new subject and saved again: the server holds the new version only.
        let resaved = try merle(["compose", "--from-draft", draftId, "--subject", "Plan v2 \(token)", "--draft"])
        let secondId = try #require(number(after: "Saved draft ", in: resaved.output))
        _ = try merle(["sync"])
        drafts = try serverFolder("Drafts")
        #expect(drafts.count == 1)
        let secondText = String(decoding: drafts.first?.body(.complete) ?? [], as: UTF8.self)
        #expect(secondText.contains("Subject: Plan v2 \(token)"))

        // Sent from the draft: delivered without the Bcc header, and the draft is gone.
        _ = try merle(["compose", "--from-draft", secondId])
        // The Bcc address does not exist here: Postfix refuses that recipient, the copy for
        // it stays in the outbox as failed, and the sync says so and exits 1.
        let sending = try MerleProcess.run(["sync"] + global)
        #expect(sending.status == 1 && sending.stderr.contains("1 message not accepted for some or all recipients"), "\(sending.stderr)")
        let delivered = try #require(try servers.waitForMessage(containing: "Plan v2 \(token)", to: grace))
        let deliveredText = String(decoding: delivered, as: UTF8.self)
        #expect(deliveredText.contains("First thoughts \(token)"))
        #expect(!deliveredText.contains("boss@example.test"), "Bcc never appears in what is sent")
        #expect(try serverFolder("Drafts").isEmpty)

        // A reply: threading headers, the quote, and \Answered on the original.
        let list = try merle(["list", "INBOX", "--json"])
        let line = try #require(list.output.split(separator: "\n").first { $0.contains("Question \(token)") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let parent = String(try #require(object["id"] as? Int))
        let answer = try folder.write("answer.txt", "Yes, see you there.\n")
        _ = try merle(["compose", "--reply-to", parent, "--body-file", answer])
        _ = try merle(["sync"])
        let inbox = try serverFolder("INBOX")
        let original = try #require(inbox.first { String(decoding: $0.body(.complete) ?? [], as: UTF8.self).contains("Question \(token)") })
        #expect(original.flags?.contains(.answered) == true)
        let sent = try serverFolder("Sent").map { String(decoding: $0.body(.complete) ?? [], as: UTF8.self) }
        let reply = try #require(sent.first { $0.contains("Re: Question \(token)") })
        #expect(reply.contains("In-Reply-To: <q-\(token)@example.test>"))
        #expect(reply.contains("To: Grace <\(grace.email)>"))
        #expect(reply.contains("> Are you coming?"))
        #expect(reply.contains("Yes, see you there."))
    }

    /// A draft another client saved with a forwarded message (message/rfc822) and a file
    /// attached: reopened with `--from-draft` and sent, every part goes out byte for byte.
    @Test func aReopenedDraftKeepsEveryPartByteForByte() throws {
        let servers = try TestServers.load()
        let yolanda = try servers.user("yolanda")
        let grace = try servers.user("grace")
        let client = try servers.imapClient(yolanda)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = UUID().uuidString
        var forwarded = "From: Carol <carol@example.test>\r\nTo: yolanda@example.test\r\nSubject: Minutes \(token)\r\n"
        forwarded += "Message-ID: <minutes-\(token)@example.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        forwarded += "Item 1: the budget.\r\nItem 2: Grüße aus Köln.\r\n"
        let pdf = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let pdfBase64 = Data(pdf).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        var draft = "From: \(yolanda.email)\r\nTo: \(grace.email)\r\nSubject: Fwd: Minutes \(token)\r\n"
        draft += "Message-ID: <draft-\(token)@example.test>\r\nMIME-Version: 1.0\r\n"
        draft += "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        draft += "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the minutes below.\r\n"
        draft += "--b1\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"minutes.eml\"\r\n\r\n"
        draft += forwarded
        draft += "\r\n--b1\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n"
        draft += "Content-Transfer-Encoding: base64\r\n\r\n" + pdfBase64 + "\r\n--b1--\r\n"
        _ = try client.send(.create(MailboxName("Drafts")))
        _ = try client.append(Array(draft.utf8), to: MailboxName("Drafts"), flags: [.draft, .seen])

        let (folder, global, merle) = try Self.account(yolanda, servers: servers)
        _ = (folder, global)
        _ = try merle(["sync"])
        let list = try merle(["list", "Drafts", "--json"])
        let line = try #require(list.output.split(separator: "\n").first { $0.contains("Fwd: Minutes \(token)") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let draftId = String(try #require(object["id"] as? Int))
        _ = try merle(["compose", "--from-draft", draftId])
        _ = try merle(["sync"])

        let delivered = try #require(try servers.waitForMessage(containing: "Fwd: Minutes \(token)", to: grace))
        let text = String(decoding: delivered, as: UTF8.self)
        #expect(text.contains("See the minutes below."))
        #expect(text.contains("Content-Type: message/rfc822"), "the forwarded message goes out: \(text)")
        #expect(text.contains(forwarded), "the forwarded message's bytes are unchanged")
        let parts = MessageParser.parse(delivered).body.allParts
        let file = try #require(parts.first { $0.filename == "report.pdf" })
        #expect(file.decodedBody() == pdf,
                "the file attached goes out byte for byte")
    }
}
