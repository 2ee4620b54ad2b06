import Foundation
import Testing

/// What `merle compose` says when the message cannot go out as the user may think: no
/// text, or an account with no SMTP server. It queues all the same, and says so truly.
@Suite struct ComposeWarningTests {
    @Test func anEmptyBodyIsQueuedWithAWarning() throws {
        let folder = try TemporaryFolder()
        let config = try TestConfig.unreachable(in: folder, name: "home", incoming: "pop3")
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
        let config = try TestConfig.unreachable(in: folder, name: "home", incoming: "pop3", smtp: false)
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
