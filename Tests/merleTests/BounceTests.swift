import Foundation
import IMAPProtocol
import MailMessage
import TestSupport
import Testing
import Transport

/// `merle bounce` against the real servers: the message arrives unchanged after a block
/// of Resent-* fields, only at the Resent-To addresses, and no copy is filed in Sent.
@Suite(.serialized) struct BounceTests {
    @Test func aBounceArrivesUnchangedWithResentFieldsAtTheNewAddressOnly() throws {
        let servers = try TestServers.load()
        let ida = try servers.user("ida"), jon = try servers.user("jon"), bea = try servers.user("bea")
        let client = try servers.imapClient(ida)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = String(UUID().uuidString.prefix(8))
        let original = "From: Bea <\(bea.email)>\r\nTo: Ida <\(ida.email)>\r\nSubject: Invoice \(token)\r\n"
            + "Message-ID: <invoice-\(token)@example.test>\r\nDate: Sun, 06 Dec 2026 09:00:00 +0100\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nPlease pay — \(token).\r\n.leading dot\r\n"
        try client.append(Array(original.utf8), to: .inbox)
        try client.execute(.close)

        let (folder, _, merle) = try DraftReplyTests.account(ida, servers: servers)
        defer { withExtendedLifetime(folder) {} }
        _ = try merle(["sync"])
        let rows = try merle(["list", "INBOX", "--json"]).jsonRows()
        let id = "\(try #require(rows.first?["id"] as? Int))"
        let bounced = try merle(["bounce", id, "--to", "Jon <\(jon.email)>"])
        #expect(bounced.output.contains("Queued the bounce of message \(id)"), "\(bounced.output)")
        #expect(bounced.output.contains("to 1 recipient"))
        _ = try merle(["send"])

        let delivered = try #require(try servers.waitForMessage(containing: "Please pay — \(token).", to: jon), "Jon got the bounce")
        let start = try #require(delivered.firstRange(of: Array(original.utf8)), "the original's bytes arrive unchanged")
        let head = String(decoding: delivered[..<start.lowerBound], as: UTF8.self)
        #expect(head.contains("Resent-From: \(ida.email)\r\nResent-To: Jon <\(jon.email)>\r\nResent-Date: "), "\(head)")
        #expect(head.range(of: #"Resent-Message-ID: <[0-9a-f]+@example\.test>\r\n$"#, options: .regularExpression) != nil, "\(head)")
        let parsed = MIMEMessage(bytes: delivered)
        #expect(parsed.from.addresses.first?.mailbox == bea.email, "From is the author's still")
        #expect(parsed.subject == "Invoice \(token)")

        // Nobody else heard of it: not the author, not Ida again.
        Thread.sleep(forTimeInterval: 1)
        #expect(try servers.rawMessages(of: bea).contains { $0.firstRange(of: Array(token.utf8)) != nil } == false)
        _ = try merle(["sync"])
        #expect(try client.select(.inbox, readOnly: true).exists == 1, "Ida's INBOX holds the original only")
        if try client.list().contains(where: { $0.name.name == "Sent" }) {
            #expect(try client.select(MailboxName("Sent"), readOnly: true).exists == 0, "no copy of a bounce in Sent")
        }
        let outbox = try merle(["outbox"])
        #expect(outbox.output.contains("The outbox is empty."), "\(outbox.output)")
    }

    @Test func aBounceNeedsAnAddressAndAMessage() throws {
        let servers = try TestServers.load()
        let ida = try servers.user("ida")
        let (folder, global, _) = try DraftReplyTests.account(ida, servers: servers)
        defer { withExtendedLifetime(folder) {} }
        let noAddress = try MerleProcess.run(["bounce", "1"] + global)
        #expect(noAddress.status == 1 && noAddress.stderr.contains("--to ADDRESS"), "\(noAddress.stderr)")
        let injected = try MerleProcess.run(["bounce", "1", "--to", "a@example.test\r\nBcc: evil@example.org"] + global)
        #expect(injected.status == 1 && injected.stderr.contains("line break"), "\(injected.stderr)")
        let missing = try MerleProcess.run(["bounce", "999", "--to", "a@example.test"] + global)
        #expect(missing.status == 1 && missing.stderr.contains("message 999"), "\(missing.stderr)")
    }
}
