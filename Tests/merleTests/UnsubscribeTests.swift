import Foundation
import IMAPProtocol
import MailMessage
import TestSupport
import Testing
import Transport

/// `merle unsubscribe` through the binary: a one-click POST to a loopback HTTPS server
/// with the test CA (trusted through `SSL_CERT_FILE`, as OpenSSL reads it), only with
/// a yes; a `mailto:` unsubscription through the outbox and the real Postfix; a web
/// page printed; a message from no list refused.
@Suite(.serialized) struct UnsubscribeTests {
    @Test func eachKindOfListUnsubscribeIsHonouredOnlyAfterAYes() throws {
        let servers = try TestServers.load()
        let kai = try servers.user("kai"), lou = try servers.user("lou")
        let keyFile = (servers.serverCertFile as NSString).deletingLastPathComponent + "/server.key"
        let https = try LoopbackHTTPSServer(certificateFile: servers.serverCertFile, keyFile: keyFile)
        defer { https.stop() }
        let client = try servers.imapClient(kai)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = String(UUID().uuidString.prefix(8))
        func list(_ subject: String, _ fields: String) -> [UInt8] {
            Array(("From: Dev list <dev@lists.example.test>\r\nTo: \(kai.email)\r\nSubject: \(subject) \(token)\r\n"
                   + "Message-ID: <\(subject.lowercased())-\(token)@example.test>\r\nList-Id: Dev <dev.lists.example.test>\r\n"
                   + fields + "\r\nNews.\r\n").utf8)
        }
        try client.append(list("OneClick", "List-Unsubscribe: <mailto:\(lou.email)>, <https://127.0.0.1:\(https.port)/unsub?u=kai&t=\(token)>\r\n"
                               + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), to: .inbox)
        try client.append(list("Mailto", "List-Unsubscribe: <https://lists.example.test/manage>, <mailto:\(lou.email)?subject=leave%20dev%20\(token)&body=unsubscribe%20kai&attach=/etc/passwd>\r\n"),
                          to: .inbox)
        try client.append(list("Web", "List-Unsubscribe: <https://lists.example.test/manage?u=kai>\r\n"), to: .inbox)
        try client.append(list("Plain", ""), to: .inbox)
        try client.execute(.close)

        let (folder, global, merle) = try DraftReplyTests.account(kai, servers: servers)
        defer { withExtendedLifetime(folder) {} }
        _ = try merle(["sync"])
        let rows = try merle(["list", "INBOX", "--json"]).jsonRows()
        func id(_ subject: String) throws -> String {
            "\(try #require(rows.first { ($0["subject"] as? String) == "\(subject) \(token)" }?["id"] as? Int))"
        }
        let environment = ["SSL_CERT_FILE": servers.caFile]

        // One-click: nothing without a yes; with --yes, the POST.
        let unconfirmed = try MerleProcess.run(["unsubscribe", try id("OneClick")] + global, environment: environment)
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.stderr.contains("not confirmed, nothing was done: this would POST a one-click unsubscription to https://127.0.0.1"),
                "\(unconfirmed.stderr)")
        #expect(!https.hasRequest)
        let confirmed = try MerleProcess.run(["unsubscribe", try id("OneClick"), "--yes"] + global, environment: environment)
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(confirmed.output.contains("Unsubscribed: the list's server answered HTTP/1.1 200 OK."))
        let request = try #require(https.request())
        #expect(request.requestLine == "POST /unsub?u=kai&t=\(token) HTTP/1.1")
        #expect(request.body == "List-Unsubscribe=One-Click")

        // mailto: a message through the outbox, with the list's subject and body and nothing attached.
        let mailed = try merle(["unsubscribe", try id("Mailto"), "--yes"])
        #expect(mailed.output.contains("Queued the unsubscription as outbox message"), "\(mailed.output)")
        _ = try merle(["send"])
        let delivered = try #require(try servers.waitForMessage(containing: "leave dev \(token)", to: lou), "the list robot got it")
        let message = MIMEMessage(bytes: delivered)
        #expect(message.subject == "leave dev \(token)")
        #expect(message.from.addresses.first?.mailbox == kai.email)
        #expect(String(decoding: delivered, as: UTF8.self).contains("unsubscribe kai"))
        #expect(MessagePartList(root: message.body).attachments.isEmpty, "attach= is never honoured")
        #expect(!String(decoding: delivered, as: UTF8.self).contains("root:"), "no local file went out")

        // A web page is shown, nothing sent; a message from no list says so.
        let web = try merle(["unsubscribe", try id("Web")])
        #expect(web.output.contains("open it in a browser: https://lists.example.test/manage?u=kai"), "\(web.output)")
        let plain = try MerleProcess.run(["unsubscribe", try id("Plain"), "--yes"] + global)
        #expect(plain.status == 1 && plain.stderr.contains("has no List-Unsubscribe header"), "\(plain.stderr)")
    }
}
