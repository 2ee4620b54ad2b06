import Foundation
import IMAPProtocol
import MailMessage
import TestSupport
import Testing
import Transport

/// Identities through the binary against the real Dovecot and Postfix: a reply is
/// written from the address the original was sent to, with that identity's signature
/// and Reply-To, every address of the user left out of a reply to all, and its copy
/// filed in the identity's own Sent folder; `--from` chooses, `--list-reply` answers
/// the list.
@Suite(.serialized) struct IdentityTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    /// A config for `user` with two identities and alternates, and a `merle` that runs
    /// a command with it (status checked by the caller).
    func account(_ user: TestServers.User, token: String) throws -> (TemporaryFolder, ([String]) throws -> MerleProcess.Result) {
        let folder = try TemporaryFolder()
        let signature = try folder.write("signature.txt", "-- \n\(user.name) at the desk\n")
        let extra = """
            display_name = "\(user.name.capitalized)"
            signature_file = "\(signature)"
            alternates = ["\(user.name)+*@example.test"]

            [[account.identity]]
            email = "\(user.name)-lists@example.test"
            name = "\(user.name.capitalized) (lists)"
            signature_command = "printf '%s\\\\n' 'Lists signature \(token)'"
            reply_to = "\(user.name)-replies@example.test"
            sent_folder = "Lists Sent"
            """
        // An [[account.identity]] before [account.imap] still belongs to the account above it.
        let config = try TestConfig.write(in: folder, servers: servers, user: user, name: user.name,
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                          smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"), extra: extra)
        let global = ["--config", config, "--data-dir", folder.path + "/data"]
        return (folder, { try MerleProcess.run($0 + global) })
    }

    /// The id of the message whose subject holds `text`, from `merle list --json`.
    func id(of text: String, in folder: String = "INBOX", _ merle: ([String]) throws -> MerleProcess.Result) throws -> String {
        let rows = try merle(["list", folder, "--json"]).jsonRows()
        let row = try #require(rows.first { ($0["subject"] as? String)?.contains(text) == true }, "no \(text) in \(rows)")
        return "\(row["id"] as? Int ?? -1)"
    }

    @Test func aReplyAllIsWrittenFromTheIdentityItWasSentToAndFiledInItsSentFolder() throws {
        let abe = try servers.user("abe"), bea = try servers.user("bea"), cal = try servers.user("cal")
        let client = try servers.imapClient(abe)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = String(UUID().uuidString.prefix(8))
        let raw = "From: Bea <\(bea.email)>\r\nTo: Abe lists <abe-lists@example.test>, \(cal.email)\r\nCc: Abe <\(abe.email)>, abe+news@example.test\r\n"
            + "Subject: Meetup \(token)\r\nMessage-ID: <meetup-\(token)@example.test>\r\nDate: Sun, 06 Dec 2026 10:00:00 +0000\r\n\r\n"
            + "Who brings the cake?\r\n-- \r\nBea's long signature\r\n"
        try client.append(Array(raw.utf8), to: .inbox)
        try client.execute(.close)

        let (folder, merle) = try account(abe, token: token)
        #expect(try merle(["sync"]).status == 0)
        let original = try id(of: "Meetup \(token)", merle)
        let body = try folder.write("reply.txt", "I will, \(token).\n")
        let composed = try merle(["compose", "--reply-to", original, "--reply-all", "--body-file", body])
        #expect(composed.status == 0, "\(composed.stderr)")
        #expect(composed.output.contains("to 2 recipients"), "Bea and Cal, none of Abe's own addresses: \(composed.output)")
        let sent = try merle(["send"])
        #expect(sent.status == 0, "\(sent.stderr)")

        let delivered = try #require(try servers.waitForMessage(containing: "I will, \(token).", to: bea), "the reply reached Bea")
        let message = MIMEMessage(bytes: delivered)
        #expect(message.from.addresses == [Address(name: "Abe (lists)", mailbox: "abe-lists@example.test")], "from the identity it was sent to")
        #expect(message.replyTo.addresses.map(\.mailbox) == ["abe-replies@example.test"], "the identity's Reply-To")
        #expect(message.to.addresses.map(\.mailbox) == [bea.email, cal.email])
        #expect(message.cc.addresses.isEmpty, "Abe's account address and his alternate are left out")
        let text = String(decoding: delivered, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(text.contains("I will, \(token).\n-- \nLists signature \(token)\n"), "the identity's signature under the text: \(text)")
        #expect(!text.contains("Bea's long signature"), "the quoted signature is left out")
        #expect(!text.contains("abe at the desk"), "not the account's own signature")
        #expect(try servers.waitForMessage(containing: "I will, \(token).", to: cal) != nil)

        // The next sync files the copy in the identity's Sent folder (created, since it did not exist).
        #expect(try merle(["sync"]).status == 0)
        let selected = try client.select(MailboxName("Lists Sent"), readOnly: true)
        #expect(selected.exists == 1)
        let copy = try client.uidFetch(.all, [.bodySection(.complete, peek: true)]).first?.body(.complete) ?? []
        #expect(String(decoding: copy, as: UTF8.self).contains("I will, \(token)."))
        let inbox = try client.select(.inbox, readOnly: true)
        #expect(inbox.exists == 1, "nothing else was filed")
        if try client.list().contains(where: { $0.name.name == "Sent" }) {
            #expect(try client.select(MailboxName("Sent"), readOnly: true).exists == 0, "the account's Sent was not used")
        }
    }

    @Test func fromChoosesTheIdentityAndTheAccountAndAnUnknownAddressIsRefused() throws {
        let deb = try servers.user("deb"), eve = try servers.user("eve")
        let token = String(UUID().uuidString.prefix(8))
        let (folder, merle) = try account(deb, token: token)
        let body = try folder.write("new.txt", "New message \(token)\n")
        let refused = try merle(["compose", "--from", "stranger@example.test", "--to", eve.email, "--subject", "x", "--body-file", body])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("stranger@example.test is not one of your addresses"), "\(refused.stderr)")
        #expect(refused.stderr.contains("deb-lists@example.test"), "it lists the identities: \(refused.stderr)")
        let outbox = try merle(["outbox"])
        #expect(outbox.output.contains("The outbox is empty."), "nothing was queued")

        let composed = try merle(["compose", "--from", "DEB-lists@example.test", "--to", eve.email, "--subject", "Hi \(token)", "--body-file", body])
        #expect(composed.status == 0, "\(composed.stderr)")
        #expect(try merle(["send"]).status == 0)
        let delivered = try #require(try servers.waitForMessage(containing: "New message \(token)", to: eve))
        let message = MIMEMessage(bytes: delivered)
        #expect(message.from.addresses.first?.mailbox == "deb-lists@example.test")
        let text = String(decoding: delivered, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(text.contains("New message \(token)\n-- \nLists signature \(token)\n"), "\(text)")

        // Without --from: the account's own address and its signature file (its -- line not repeated).
        let plain = try merle(["compose", "--to", eve.email, "--subject", "Plain \(token)", "--body-file", body])
        #expect(plain.status == 0)
        #expect(try merle(["send"]).status == 0)
        let second = try #require(try servers.waitForMessage(containing: "Plain \(token)", to: eve))
        let secondText = String(decoding: second, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(MIMEMessage(bytes: second).from.addresses.first?.mailbox == deb.email)
        #expect(secondText.contains("\n-- \ndeb at the desk\n") && !secondText.contains("-- \n-- "), "\(secondText)")
    }

    @Test func aListReplyGoesToListPostAndAMessageFromNoListIsRefused() throws {
        let fay = try servers.user("fay"), gil = try servers.user("gil"), hal = try servers.user("hal")
        let client = try servers.imapClient(fay)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = String(UUID().uuidString.prefix(8))
        // Gil stands for the list's address, Hal for the author.
        let listMail = "From: Hal <\(hal.email)>\r\nTo: Dev list <\(gil.email)>\r\nSubject: [dev] Release \(token)\r\n"
            + "Message-ID: <rel-\(token)@example.test>\r\nList-Id: Dev list <dev.example.test>\r\n"
            + "List-Post: <mailto:\(gil.email)>\r\nReply-To: \(hal.email)\r\n\r\nShip it?\r\n"
        let direct = "From: Hal <\(hal.email)>\r\nTo: \(fay.email)\r\nSubject: Direct \(token)\r\nMessage-ID: <direct-\(token)@example.test>\r\n\r\nHi\r\n"
        try client.append(Array(listMail.utf8), to: .inbox)
        try client.append(Array(direct.utf8), to: .inbox)
        try client.execute(.close)
        let (folder, merle) = try account(fay, token: token)
        #expect(try merle(["sync"]).status == 0)
        let shown = try merle(["show", try id(of: "Release \(token)", merle), "--text"])
        #expect(shown.output.contains("List-Id: Dev list <dev.example.test>"), "\(shown.output)")

        let body = try folder.write("reply.txt", "Ship it, \(token).\n")
        let reply = try merle(["compose", "--reply-to", try id(of: "Release \(token)", merle), "--list-reply", "--body-file", body])
        #expect(reply.status == 0, "\(reply.stderr)")
        #expect(reply.output.contains("to 1 recipient"))
        #expect(try merle(["send"]).status == 0)
        let delivered = try #require(try servers.waitForMessage(containing: "Ship it, \(token).", to: gil), "the list got it")
        #expect(MIMEMessage(bytes: delivered).subject == "Re: [dev] Release \(token)")
        #expect(try servers.rawMessages(of: hal).contains { String(decoding: $0, as: UTF8.self).contains("Ship it, \(token).") } == false,
                "not to the author, whatever Reply-To says")

        let refused = try merle(["compose", "--reply-to", try id(of: "Direct \(token)", merle), "--list-reply", "--body-file", body])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("has no List-Post address"), "\(refused.stderr)")
        let misuse = try merle(["compose", "--list-reply", "--to", hal.email, "--subject", "x"])
        #expect(misuse.status == 1 && misuse.stderr.contains("--list-reply goes with --reply-to ID"), "\(misuse.stderr)")
    }
}
