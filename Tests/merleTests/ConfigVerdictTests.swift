import Foundation
import Testing

/// `merle config check` says "OK" exactly when it exits 0: a problem (a missing ca_file, a
/// bad key binding) is no "OK" and status 1; a warning (no SMTP, no TLS) keeps status 0.
@Suite struct ConfigVerdictTests {
    func check(_ text: String) throws -> MerleProcess.Result {
        let folder = try TemporaryFolder()
        return try MerleProcess.run(["config", "check", "--config", try folder.write("config.toml", text)])
    }

    static let account = """
        [[account]]
        name = "work"
        email = "a@example.test"
        [account.imap]
        host = "imap.example.test"
        user = "a"

        """

    static let smtp = """
        [account.smtp]
        host = "smtp.example.test"
        user = "a"

        """

    @Test func aMissingCAFileIsAProblem() throws {
        let result = try check(Self.account.replacingOccurrences(of: "user = \"a\"\n", with: "user = \"a\"\nca_file = \"/nonexistent/ca.pem\"\n") + Self.smtp)
        #expect(result.status == 1)
        #expect(!result.output.contains("OK"), "\(result.output)")
        #expect(result.output.contains("problem: ca_file /nonexistent/ca.pem"), "\(result.output)")
        #expect(result.stderr.contains("1 problem (listed above)"), "\(result.stderr)")
    }

    @Test func aBadKeyBindingIsAProblem() throws {
        let result = try check(Self.account + Self.smtp + "[keys.index]\n\"x\" = \"delet\"\n")
        #expect(result.status == 1)
        #expect(!result.output.contains("OK"), "\(result.output)")
        #expect(result.output.contains("did you mean \"delete\""), "\(result.output)")
    }

    @Test func warningsKeepTheStatusAndSaySo() throws {
        // No [account.smtp], and an incoming server without TLS.
        let result = try check(Self.account.replacingOccurrences(of: "user = \"a\"\n", with: "user = \"a\"\ntls = \"insecure\"\n"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("warning: account work has no [account.smtp]: it can read mail but not send; add"), "\(result.output)")
        #expect(result.output.contains("warning: imap.example.test:143 uses tls = \"insecure\""), "\(result.output)")
        #expect(result.output.contains(": OK, 1 account, 2 warnings"), "\(result.output)")
    }

    @Test func searchingEncryptedMailIsAWarning() throws {
        let result = try check(Self.account.replacingOccurrences(of: "email = \"a@example.test\"\n",
                                                                 with: "email = \"a@example.test\"\nsearch_encrypted = true\n") + Self.smtp)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("warning: account work searches encrypted mail (search_encrypted = true): the words of its encrypted messages are kept decrypted in the search index on disk"),
                "\(result.output)")
    }

    @Test func aCleanFileIsPlainOK() throws {
        let result = try check(Self.account + Self.smtp)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.output.contains("warning"))
        #expect(result.output.hasSuffix(": OK, 1 account\n"), "\(result.output)")
    }
}
