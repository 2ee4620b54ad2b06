import Foundation
import Testing

/// What `merle compose` says when the message cannot go out as the user may think: no
/// text, or an account with no SMTP server. It queues all the same, and says so truly.
@Suite struct ComposeWarningTests {
    func config(in folder: TemporaryFolder, smtp: Bool) throws -> String {
        try folder.write("config.toml", """
            [[account]]
            name = "home"
            email = "me@example.test"
            [account.pop3]
            host = "127.0.0.1"
            port = 1
            user = "me"
            """ + (smtp ? "\n[account.smtp]\nhost = \"127.0.0.1\"\nport = 1\nuser = \"me\"\n" : ""))
    }

    @Test func anEmptyBodyIsQueuedWithAWarning() throws {
        let folder = try TemporaryFolder()
        let config = try config(in: folder, smtp: true)
        let data = folder.path + "/data"
        for body in [nil, try folder.write("blank.txt", " \n\n")] {
            let result = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--to", "you@example.test",
                                               "--subject", "no text"] + (body.map { ["--body-file", $0] } ?? []))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("warning: the message has no text"), "\(result.stderr)")
            #expect(result.output.contains("Queued message"))
        }
        let withText = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--to", "you@example.test",
                                             "--subject", "text", "--body-file", try folder.write("b.txt", "Hello.\n")])
        #expect(withText.status == 0)
        #expect(withText.stderr.isEmpty, "\(withText.stderr)")
        #expect(withText.output.contains("`merle send` delivers it"))
    }

    @Test func anAccountWithoutSMTPNeverClaimsItWillSend() throws {
        let folder = try TemporaryFolder()
        let config = try config(in: folder, smtp: false)
        let data = folder.path + "/data"
        let result = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--to", "you@example.test",
                                           "--subject", "stuck", "--body-file", try folder.write("b.txt", "Hello.\n")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("account home has no [account.smtp]: it can read mail but not send"), "\(result.stderr)")
        #expect(result.output.contains("it cannot be sent until account home has an [account.smtp] server"), "\(result.output)")
        #expect(!result.output.contains("delivers"), "\(result.output)")
        let outbox = try MerleProcess.run(["outbox", "--data-dir", data])
        #expect(outbox.output.contains("queued"), "it waits in the outbox: \(outbox.output)")
    }
}
