import Foundation
import TestSupport
import Testing

/// `autocrypt = true` with no usable key: the message is still queued, and the user is
/// told why it goes without the header (never a silent change of what was asked).
@Suite struct AutocryptWarningTests {
    static func config(_ folder: TemporaryFolder, autocrypt: String) throws -> String {
        let server = "host = \"127.0.0.1\"\nport = 1\nuser = \"me\"\n"
        return try folder.write("config-\(autocrypt.isEmpty ? "unset" : "asked").toml", "[[account]]\nname = \"me\"\nemail = \"me@example.test\"\n\(autocrypt)\n"
                                + "[account.imap]\n" + server + "[account.smtp]\n" + server)
    }

    @Test func aMissingOrExpiredKeyIsNamedWhenAsked() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        let folder = try TemporaryFolder()
        let body = try folder.write("body.txt", "Hello.\n")
        func compose(_ config: String) throws -> MerleProcess.Result {
            try MerleProcess.run(["compose", "--config", config, "--data-dir", folder.path + "/data", "--to", "you@example.test",
                                  "--subject", "S", "--body-file", body], environment: ["GNUPGHOME": home.path])
        }
        let asked = try Self.config(folder, autocrypt: "autocrypt = true")
        let missing = try compose(asked)
        #expect(missing.status == 0, "\(missing.stderr)")
        #expect(missing.stderr.contains("no Autocrypt header: me@example.test (no secret key for me@example.test to sign with)"), "\(missing.stderr)")
        let check = try MerleProcess.run(["config", "check", "--config", asked], environment: ["GNUPGHOME": home.path])
        #expect(check.output.contains("warning: account me has autocrypt = true, but no secret key for me@example.test"), "\(check.output)")

        // Not asked for: no header and no word.
        let unset = try compose(try Self.config(folder, autocrypt: ""))
        #expect(unset.status == 0 && !unset.stderr.contains("Autocrypt"), "\(unset.stderr)")

        // An expired key is named as such.
        try home.makeKey("Me <me@example.test>", expire: "seconds=1")
        Thread.sleep(forTimeInterval: 2)
        let expired = try compose(asked)
        #expect(expired.stderr.contains("no Autocrypt header: me@example.test (the key has expired)"), "\(expired.stderr)")
    }
}
