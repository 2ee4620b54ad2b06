import Foundation
import MailMessage
import Testing
@testable import MerleConfig

/// Identities, signatures, Reply-To, alternates, the key set and the HTML viewer, as
/// the loader reads them and as it refuses them.
@Suite struct IdentityConfigTests {
    static let base = """
        [general]
        keys = "mutt"
        html_viewer = "w3m -dump -T text/html"

        [[account]]
        name = "work"
        email = "alice@example.test"
        display_name = "Alice Example"
        signature = "Alice\\nExample Corp"
        reply_to = "Alice <replies@example.test>"
        alternates = ["alice+*@example.test", "*@alice.example"]
        sent_folder = "Sent Items"
        html_viewer = "mailcap"

        [account.imap]
        host = "imap.example.test"
        user = "alice"

        [[account.identity]]
        email = "alice@lists.example.test"
        name = "Alice (lists)"
        signature_command = "echo from the command"
        sent_folder = "Lists/Sent"

        [[account.identity]]
        email = "boss@example.test"
        signature_file = "~/sig-boss"

        [[account]]
        name = "home"
        email = "me@home.test"

        [account.pop3]
        host = "pop.home.test"
        user = "me"

        [[account.identity]]
        email = "me@family.test"
        """

    @Test func identitiesAndTheirSettingsAreRead() throws {
        let config = try ConfigLoader.parse(Self.base)
        #expect(config.general.keySet == .mutt)
        #expect(config.general.htmlViewer == .command("w3m -dump -T text/html"))
        let work = try #require(config.account(named: "work"))
        #expect(work.htmlViewer == .mailcap)
        #expect(work.allIdentities.map(\.email) == ["alice@example.test", "alice@lists.example.test", "boss@example.test"])
        #expect(work.defaultIdentity.signature == .text("Alice\nExample Corp"))
        #expect(work.defaultIdentity.replyTo == [Address(name: "Alice", mailbox: "replies@example.test")])
        #expect(work.identities[0].name == "Alice (lists)")
        #expect(work.identities[0].signature == .command("echo from the command"))
        #expect(work.identities[1].signature == .file(NSHomeDirectory() + "/sig-boss"))
        #expect(work.sentFolder(forSender: "ALICE@lists.example.test") == "Lists/Sent", "an identity's own Sent")
        #expect(work.sentFolder(forSender: "boss@example.test") == "Sent Items", "else the account's")
        #expect(work.alternates == ["alice+*@example.test", "*@alice.example"])
        let home = try #require(config.account(named: "home"))
        #expect(home.identities.map(\.email) == ["me@family.test"], "identities belong to the account above them")
        #expect(config.identity(withAddress: "me@family.test")?.account.name == "home")

        let own = config.ownAddresses
        for mine in ["alice@example.test", "Alice+News@Example.test", "anything@alice.example", "me@family.test", "boss@example.test"] {
            #expect(own.contains(mine), "\(mine) is the user")
        }
        for other in ["bob@example.test", "alice@example.test.evil", "alice+x@other.test", "alice@aliceXexample"] {
            #expect(!own.contains(other), "\(other) is not the user")
        }
    }

    @Test func defaultsWithoutTheNewKeys() throws {
        let config = try ConfigLoader.parse("[[account]]\nname = \"a\"\nemail = \"a@b.test\"\n[account.imap]\nhost = \"h\"\nuser = \"u\"\n")
        #expect(config.general.keySet == .merle)
        #expect(config.general.htmlViewer == .builtIn)
        #expect(config.accounts[0].allIdentities == [Identity(email: "a@b.test")])
    }

    static let mistakes: [(String, String, Int, [String])] = [
        ("two signatures", base.replacingOccurrences(of: "signature_command = \"echo from the command\"",
                                                     with: "signature_command = \"echo\"\nsignature = \"x\""), 22,
         ["signature and signature_command are both given", "keep one"]),
        ("identity without email", base.replacingOccurrences(of: "email = \"boss@example.test\"\n", with: ""), 25, ["has no `email`"]),
        ("identity repeats the account", base.replacingOccurrences(of: "email = \"boss@example.test\"", with: "email = \"ALICE@example.test\""), 26,
         ["already an identity of this account"]),
        ("unknown identity key", base.replacingOccurrences(of: "name = \"Alice (lists)\"", with: "display_name = \"Alice\""), 21,
         ["unknown key `display_name` in [account.identity]", "name"]),
        ("bad reply_to", base.replacingOccurrences(of: "reply_to = \"Alice <replies@example.test>\"", with: "reply_to = \"nobody\""), 10,
         ["is not a list of addresses"]),
        ("bad alternates", base.replacingOccurrences(of: "\"*@alice.example\"]", with: "\"alice example\"]"), 11, ["not an address pattern"]),
        ("bad key set", base.replacingOccurrences(of: "keys = \"mutt\"", with: "keys = \"emacs\""), 2, ["not a key set", "\"mutt\""]),
        ("empty viewer", base.replacingOccurrences(of: "html_viewer = \"mailcap\"", with: "html_viewer = \"\""), 13, ["html_viewer is empty"]),
        ("sent folder with a line break", base.replacingOccurrences(of: "sent_folder = \"Lists/Sent\"", with: "sent_folder = \"a\\nb\""), 23,
         ["contains a line break"]),
    ]

    @Test(arguments: 0..<mistakes.count)
    func mistakesAreLocated(_ index: Int) {
        let (name, text, line, words) = Self.mistakes[index]
        do {
            _ = try ConfigLoader.parse(text)
            Issue.record("\(name): accepted")
        } catch let error as ConfigError {
            #expect(error.line == line, "\(name): \(error)")
            for word in words { #expect(error.description.contains(word), "\(name): \(error)") }
        } catch {
            Issue.record("\(name): \(error)")
        }
    }

    @Test func signaturesLoadFromTextFilesAndCommands() throws {
        #expect(try SignatureSource.text("-- \nAlice\n\n").load() == "Alice", "a leading -- line and trailing blank lines go")
        let file = NSTemporaryDirectory() + "merle-sig-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "Bob\r\nBuilder\r\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try SignatureSource.file(file).load() == "Bob\nBuilder")
        #expect(try SignatureSource.command("printf 'fortune %s\\n' cookie").load() == "fortune cookie")
        #expect(try SignatureSource.text("\n\n").load() == nil)
        #expect(throws: SignatureError.self) { try SignatureSource.file(file + ".missing").load() }
        #expect(throws: SignatureError.self) { try SignatureSource.command("exit 3").load() }
        #expect(throws: SignatureError.self) { try SignatureSource.command("sleep 5").load(timeout: 0.2) }
    }
}
