import Foundation
import IMAPProtocol
import MailMessage
import TestSupport
import Testing
import Transport

/// One compose path: `merle compose` and the reader start a reply the same way (quote
/// style, attribution, no quoted signature), and a message sent with a Bcc keeps it in
/// its Sent copy only.
@Suite(.serialized) struct ComposePathTests {
    /// The body `merle compose --reply-to ID --draft` saves for a reply.
    static func cliReply(to id: Int64, config: String?, dataDir: String, text: String, in folder: TemporaryFolder) throws -> String {
        var arguments = ["compose", "--reply-to", String(id), "--draft", "--data-dir", dataDir, "--body-file", try folder.write("reply.txt", text)]
        if let config { arguments += ["--config", config] }
        let saved = try MerleProcess.run(arguments)
        #expect(saved.status == 0, "\(saved.stderr)")
        let draftId = try #require(saved.output.components(separatedBy: "Saved draft ").dropFirst().first?.split(separator: " ").first)
        let raw = try MerleProcess.run(["show", String(draftId), "--raw", "--data-dir", dataDir])
        let body = try #require(MessageParser.parse(Array(raw.output.utf8)).body.decodedText()).text
        return body.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// A config naming the demo's account (its servers answer nothing: nothing is sent).
    static func demoConfig(in folder: TemporaryFolder, general: String = "") throws -> String {
        try folder.write("config.toml", """
            \(general)

            [[account]]
            name = "demo"
            email = "you@demo.merle.test"

            [account.imap]
            host = "127.0.0.1"
            port = 1
            tls = "implicit"
            user = "you"
            password_command = "echo x"
            """)
    }

    @Test func theReaderAndTheCommandLineQuoteAReplyTheSameWay() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "60"])
        let data = folder.path + "/demo"
        let list = try MerleProcess.run(["list", "INBOX", "--data-dir", data, "--limit", "1", "--json"])
        let row = try #require(try JSONSerialization.jsonObject(with: Data(list.output.split(separator: "\n")[0].utf8)) as? [String: Any])
        let id = Int64(try #require(row["id"] as? Int))
        let cli = try Self.cliReply(to: id, config: try Self.demoConfig(in: folder), dataDir: data, text: "Agreed.\n", in: folder)
        #expect(cli.contains(" wrote:\n> "), "\(cli)")
        #expect(cli.hasSuffix("> \n\nAgreed.\n") || cli.hasSuffix("\nAgreed.\n"), "bottom-posting: \(cli)")
        #expect(!cli.contains("\n> -- "), "the quoted signature is left out: \(cli)")

        // The reader, on the same message, in a real terminal: the editor sees the same
        // text before anything is typed.
        let editor = try folder.write("editor.sh", "#!/bin/sh\ncp \"$1\" \(folder.path)/seen.txt\nprintf 'Agreed.\\n' >> \"$1\"\n")
        chmod(editor, 0o755)
        let tmux = try TUITmuxTests.TmuxSession(columns: 120, rows: 30)
        defer { tmux.close() }
        try tmux.type("EDITOR=\(editor) \(MerleProcess.binary.path) demo --data-dir \(folder.path)")
        try tmux.send("Enter")
        try tmux.waitFor("the index") { $0.contains("-- demo/INBOX") }
        try tmux.send("r")
        try tmux.waitFor("the compose screen") { $0.contains("y:Send") }
        let seen = try String(contentsOfFile: folder.path + "/seen.txt", encoding: .utf8)
        let readerBody = String(seen[seen.range(of: "\n\n")!.upperBound...]) + "Agreed.\n"
        #expect(readerBody == cli, "reader:\n\(readerBody)\ncli:\n\(cli)")
        try tmux.send("q")
        try tmux.send("q")
    }

    @Test func quoteStyleTopPutsTheReplyAbove() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "30"])
        let data = folder.path + "/demo"
        let config = try Self.demoConfig(in: folder, general: "[general]\nquote_style = \"top\"")
        let list = try MerleProcess.run(["list", "INBOX", "--data-dir", data, "--limit", "1", "--json"])
        let row = try #require(try JSONSerialization.jsonObject(with: Data(list.output.split(separator: "\n")[0].utf8)) as? [String: Any])
        let body = try Self.cliReply(to: Int64(try #require(row["id"] as? Int)), config: config, dataDir: data, text: "On top.\n", in: folder)
        #expect(body.hasPrefix("On top.\n\n"), "\(body)")
        #expect(body.contains(" wrote:\n> "))
    }

    /// The reader follows quote_style from the config too: with "top" the editor opens
    /// with room above the quote.
    @Test func theReaderFollowsQuoteStyleFromTheConfig() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "30"])
        let config = try Self.demoConfig(in: folder, general: "[general]\nquote_style = \"top\"")
        let editor = try folder.write("editor.sh", "#!/bin/sh\ncp \"$1\" \(folder.path)/seen.txt\n")
        chmod(editor, 0o755)
        let tmux = try TUITmuxTests.TmuxSession(columns: 120, rows: 30)
        defer { tmux.close() }
        try tmux.type("EDITOR=\(editor) \(MerleProcess.binary.path) --config \(config) --data-dir \(folder.path)/demo --offline")
        try tmux.send("Enter")
        try tmux.waitFor("the index") { $0.contains("-- demo/INBOX") }
        try tmux.send("r")
        try tmux.waitFor("the compose screen") { $0.contains("d:Save draft") }
        let seen = try String(contentsOfFile: folder.path + "/seen.txt", encoding: .utf8)
        let body = String(seen[seen.range(of: "\n\n")!.upperBound...])
        #expect(body.hasPrefix("\n") && body.dropFirst().hasPrefix("On ") && body.contains(" wrote:\n> "), "room above the quote: \(body)")
    }

    /// Sent through the real Postfix: the recipients never see the Bcc; the copy in
    /// Sent keeps it, as mutt's does.
    @Test func theSentCopyKeepsTheBcc() throws {
        let servers = try TestServers.load()
        let sam = try servers.user("sam")
        let grace = try servers.user("grace")
        let tia = try servers.user("tia")
        let client = try servers.imapClient(sam)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: sam, name: "sam",
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                          smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"))
        let global = ["--config", config, "--data-dir", folder.path + "/data"]
        let token = "bcc-\(UUID().uuidString.prefix(8))"
        let compose = try MerleProcess.run(["compose", "--to", grace.email, "--bcc", tia.email, "--subject", "Plans \(token)",
                                            "--body-file", try folder.write("b.txt", "Hello.\n")] + global)
        #expect(compose.status == 0, "\(compose.stderr)")
        let sync = try MerleProcess.run(["sync"] + global)
        #expect(sync.status == 0, "\(sync.output)\(sync.stderr)")
        let delivered = String(decoding: try #require(try servers.waitForMessage(containing: "Plans \(token)", to: grace)), as: UTF8.self)
        #expect(!delivered.lowercased().contains("\nbcc:"), "the recipients never see the Bcc")
        _ = try client.select(MailboxName("Sent"), readOnly: true)
        let copies = try client.uidFetch(.all, [.uid, .bodySection(.complete, peek: true)]).map { String(decoding: $0.body(.complete) ?? [], as: UTF8.self) }
        let copy = try #require(copies.first { $0.contains("Plans \(token)") }, "\(copies.count) in Sent")
        #expect(copy.contains("Bcc: \(tia.email)"), "\(copy)")
    }
}
