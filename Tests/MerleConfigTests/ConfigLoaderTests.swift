import Foundation
import Testing
import Transport
@testable import MerleConfig

@Suite struct ConfigLoaderTests {
    static let valid = """
        [general]
        theme = "solarized-dark"

        [[account]]
        name = "work"
        email = "alice@example.test"
        display_name = "Alice Example"

        [account.imap]
        host = "imap.example.test"
        port = 993
        tls = "implicit"
        user = "alice"
        password_command = "pass show mail/work"
        ca_file = "/etc/ssl/work-ca.pem"

        [account.smtp]
        host = "smtp.example.test"
        tls = "starttls"
        user = "alice"
        password_command = "pass show mail/work"
        fingerprint = "sha256:\(String(repeating: "AB:", count: 31))AB"

        [[account]]
        name = "home"
        email = "me@home.test"

        [account.pop3]
        host = "pop.home.test"
        tls = "starttls"
        user = "me"
        """

    @Test func parsesAValidFile() throws {
        let config = try ConfigLoader.parse(Self.valid)
        #expect(config.general.theme == "solarized-dark")
        #expect(config.accounts.count == 2)
        let work = try #require(config.account(named: "work"))
        #expect(work.displayName == "Alice Example")
        #expect(work.incoming == .imap(ServerConfiguration(host: "imap.example.test", port: 993, tls: .implicit, user: "alice",
                                                           passwordCommand: "pass show mail/work", caFile: "/etc/ssl/work-ca.pem")))
        #expect(work.smtp?.port == 587, "STARTTLS submission defaults to 587")
        #expect(work.smtp?.fingerprint?.bytes == [UInt8](repeating: 0xAB, count: 32))
        let home = try #require(config.account(named: "home"))
        #expect(home.incoming.mailProtocol == .pop3)
        #expect(home.incoming.server.port == 110)
        #expect(home.smtp == nil)
    }

    /// Each broken file, the line the error must point at, and words the message must contain.
    static let invalidCases: [(String, String, Int?, [String])] = [
        ("syntax", "[[account]]\nname = \"work\nemail = \"x@y\"\n", 2, ["not valid TOML"]),
        ("unknown key", Self.valid.replacingOccurrences(of: "password_command = \"pass show mail/work\"\nca_file", with: "pasword_command = \"x\"\nca_file"),
         14, ["unknown key `pasword_command`", "did you mean `password_command`"]),
        ("bad tls", Self.valid.replacingOccurrences(of: "tls = \"implicit\"", with: "tls = \"ssl\""), 12,
         ["tls = \"ssl\" is not a TLS mode", "implicit"]),
        ("port as string", Self.valid.replacingOccurrences(of: "port = 993", with: "port = \"993\""), 11, ["port must be a whole number"]),
        ("port out of range", Self.valid.replacingOccurrences(of: "port = 993", with: "port = 99999"), 11, ["1 to 65535"]),
        ("no host", Self.valid.replacingOccurrences(of: "host = \"imap.example.test\"\n", with: ""), 9, ["has no `host`", "add host ="]),
        ("bad email", Self.valid.replacingOccurrences(of: "email = \"alice@example.test\"", with: "email = \"alice\""), 6, ["not an email address"]),
        ("bad fingerprint", Self.valid.replacingOccurrences(of: "fingerprint = \"sha256:", with: "fingerprint = \"md5:"), 22, ["not a SHA-256 fingerprint"]),
        ("duplicate name", Self.valid.replacingOccurrences(of: "name = \"home\"", with: "name = \"work\""), 25, ["second account is named \"work\""]),
        ("both imap and pop3", Self.valid.replacingOccurrences(of: "[account.smtp]", with: "[account.pop3]"), 17, ["both [account.imap] and [account.pop3]"]),
        ("no incoming", "[[account]]\nname = \"x\"\nemail = \"x@y.test\"\n", 1, ["no incoming server", "[account.imap]"]),
        ("no account", "[general]\ntheme = \"default\"\n", 1, ["no account is configured", "[[account]]"]),
        ("account not array", "[account]\nname = \"x\"\n", 1, ["array of tables", "[[account]]"]),
        ("name with slash", Self.valid.replacingOccurrences(of: "name = \"work\"", with: "name = \"../work\""), 5, ["account name"]),
        ("string as number", Self.valid.replacingOccurrences(of: "theme = \"solarized-dark\"", with: "theme = 3"), 2, ["must be a string"]),
    ]

    @Test(arguments: 0..<invalidCases.count)
    func invalidFilesGetALocatedError(_ index: Int) {
        let (name, text, line, words) = Self.invalidCases[index]
        do {
            _ = try ConfigLoader.parse(text, file: "config.toml")
            Issue.record("case \(name) was accepted")
        } catch let error as ConfigError {
            #expect(error.line == line, "case \(name): \(error)")
            for word in words {
                #expect(error.description.contains(word), "case \(name): \(error)")
            }
            #expect(error.description.hasPrefix("config.toml:"))
        } catch {
            Issue.record("case \(name): unexpected \(error)")
        }
    }

    @Test func keyBindingTablesAreRead() throws {
        let text = Self.valid + "\n\n[keys.index]\n\"x\" = \"delete\"\n\"C-r\" = \"toggle-read\"\n\n[keys.pager]\n\"x\" = \"delete\"\n"
        let configuration = try ConfigLoader.parse(text)
        #expect(configuration.keys == ["index": ["x": "delete", "C-r": "toggle-read"], "pager": ["x": "delete"]])
        #expect(try ConfigLoader.parse(Self.valid).keys.isEmpty)
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(Self.valid + "\n[keys]\nindex = 3\n") }
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(Self.valid + "\n[keys.index]\nx = 3\n") }
    }

    @Test func missingFileGetsASample() {
        #expect {
            _ = try ConfigLoader.load(path: "/nonexistent/merle/config.toml")
        } throws: { error in
            let text = "\(error)"
            return error is MissingConfigError && text.contains("[[account]]") && text.contains("/nonexistent/merle/config.toml")
        }
    }

    @Test func sampleConfigIsValid() throws {
        let config = try ConfigLoader.parse(ConfigLoader.sampleConfig)
        #expect(config.accounts.first?.name == "work")
    }

    @Test func pathsFollowTheContract() {
        let environment = ["HOME": "/home/u", "XDG_CONFIG_HOME": "/x/config", "XDG_DATA_HOME": "/x/data"]
        #expect(ConfigPaths.configFile(option: nil, environment: environment) == "/x/config/merle/config.toml")
        #expect(ConfigPaths.dataDirectory(option: nil, environment: environment) == "/x/data/merle")
        #expect(ConfigPaths.configFile(option: nil, environment: environment.merging(["MERLE_CONFIG": "/m.toml"]) { $1 }) == "/m.toml")
        #expect(ConfigPaths.dataDirectory(option: "/opt/d", environment: environment.merging(["MERLE_DATA_DIR": "/m"]) { $1 }) == "/opt/d")
        #expect(ConfigPaths.configFile(option: nil, environment: ["HOME": "/home/u"]) == "/home/u/.config/merle/config.toml")
        #expect(ConfigPaths.dataDirectory(option: nil, environment: ["HOME": "/home/u"]) == "/home/u/.local/share/merle")
    }
}

@Suite struct PasswordCommandTests {
    @Test func firstLineIsThePassword() throws {
        #expect(try PasswordCommand.run("printf 's3cret\\nsecond line\\n'", account: "work") == "s3cret")
    }

    @Test func failingCommandSaysSoWithoutItsOutput() {
        do {
            _ = try PasswordCommand.run("echo leaked-secret; exit 3", account: "work")
            Issue.record("a failing command was accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains("exit status 3"))
            #expect(text.contains("\"work\""))
            #expect(!text.contains("leaked-secret"))
        }
    }

    @Test func emptyOutputIsAnError() {
        #expect(throws: PasswordCommand.Failure.self) { _ = try PasswordCommand.run("true", account: "work") }
    }

    @Test func hangingCommandTimesOut() {
        let started = Date()
        #expect(throws: PasswordCommand.Failure.self) { _ = try PasswordCommand.run("sleep 5", account: "work", timeout: 0.5) }
        #expect(throws: PasswordCommand.Failure.self) { _ = try PasswordCommand.run("echo early; exec >&-; sleep 5", account: "work", timeout: 0.5) }
        #expect(Date().timeIntervalSince(started) < 4)
    }
}

@Suite struct AccountPolicyConfigTests {
    static let base = """
        [[account]]
        name = "pop"
        email = "me@example.test"
        sent_folder = "Gesendet"
        server_saves_sent = true
        [account.pop3]
        host = "pop.example.test"
        user = "me"
        delete_after_days = 30
        delete_when_deleted_locally = true
        [account.smtp]
        host = "smtp.example.test"
        user = "me"
        dsn_notify = "failure,delay"
        dsn_return = "hdrs"
        """

    @Test func parsesPoliciesAndSendingSettings() throws {
        let account = try #require(try ConfigLoader.parse(Self.base).accounts.first)
        #expect(account.pop3Policy == POP3Policy(deleteAfterDownload: false, deleteAfterDays: 30, deleteWhenDeletedLocally: true))
        #expect(account.sentFolder == "Gesendet")
        #expect(account.serverSavesSent)
        #expect(account.dsnNotify == "FAILURE,DELAY")
        #expect(account.dsnReturn == "HDRS")
    }

    @Test(arguments: [
        ("delete_after_days = 30", "delete_after_days = \"soon\"", "whole number of days"),
        ("delete_when_deleted_locally = true", "delete_when_deleted_locally = \"yes\"", "must be true or false"),
        ("dsn_notify = \"failure,delay\"", "dsn_notify = \"always\"", "not a DSN NOTIFY value"),
        ("dsn_return = \"hdrs\"", "dsn_return = \"some\"", "not FULL or HDRS"),
    ])
    func invalidValuesAreExplained(_ replacement: (String, String, String)) {
        let text = Self.base.replacingOccurrences(of: replacement.0, with: replacement.1)
        #expect {
            _ = try ConfigLoader.parse(text)
        } throws: { error in
            "\(error)".contains(replacement.2)
        }
    }

    @Test func pop3KeysAreRefusedUnderIMAP() {
        let text = Self.base.replacingOccurrences(of: "[account.pop3]", with: "[account.imap]")
        #expect {
            _ = try ConfigLoader.parse(text)
        } throws: { error in
            "\(error)".contains("unknown key `delete_after_days`")
        }
    }
}

@Suite struct IMAPAccountSettingsTests {
    static let base = """
        [[account]]
        name = "m"
        email = "m@example.test"
        [account.imap]
        host = "imap.example.test"
        user = "m"
        bodies = "recent:30"
        compress = true
        """

    @Test func bodyPolicyAndCompression() throws {
        let account = try #require(try ConfigLoader.parse(Self.base).accounts.first)
        #expect(account.bodies == .recent(days: 30))
        #expect(account.compress)
        let defaults = try #require(try ConfigLoader.parse(Self.base.replacingOccurrences(of: "bodies = \"recent:30\"\ncompress = true", with: "")).accounts.first)
        #expect(defaults.bodies == .all)
        #expect(!defaults.compress)
        #expect(BodyPolicy("on-demand") == .onDemand)
        #expect(BodyPolicy("recent:x") == nil)
    }

    @Test func markReadIsOnOpenUnlessTheGeneralTableSaysOtherwise() throws {
        #expect(try ConfigLoader.parse(Self.base).general.markRead == .onOpen)
        let after = "[general]\nmark_read = \"after:3\"\n\n" + Self.base
        #expect(try ConfigLoader.parse(after).general.markRead == .after(seconds: 3))
        let never = "[general]\nmark_read = \"never\"\n\n" + Self.base
        #expect(try ConfigLoader.parse(never).general.markRead == .never)
        #expect(MarkReadPolicy("after:0") == .onOpen)
        #expect(MarkReadPolicy("after:-1") == nil)
        #expect(MarkReadPolicy("sometimes") == nil)
        #expect {
            _ = try ConfigLoader.parse("[general]\nmark_read = \"soon\"\n\n" + Self.base)
        } throws: { error in
            "\(error)".contains("after:SECONDS") && (error as? ConfigError)?.line == 2
        }
    }

    @Test func aBadPolicySaysWhatToWrite() {
        #expect {
            _ = try ConfigLoader.parse(Self.base.replacingOccurrences(of: "recent:30", with: "some"))
        } throws: { error in
            "\(error)".contains("on-demand") && (error as? ConfigError)?.line == 7
        }
    }
}
