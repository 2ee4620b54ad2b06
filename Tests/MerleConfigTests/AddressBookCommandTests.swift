import Foundation
import MailMessage
import TestSupport
import Testing
@testable import MerleConfig

@Suite struct AddressBookCommandTests {
    /// A script standing for khard or abook: prints what `body` says, given the query as $1.
    private func script(_ body: String) throws -> String {
        try ScriptFile.write("#!/bin/sh\n" + body + "\n", prefix: "merle-abook")
    }

    @Test func readsTabSeparatedLinesAndSkipsAHeader() throws {
        // abook --mutt-query and khard email --parsable (without --remove-first-line) print a header first.
        let khard = try script("""
            echo "searching for '$1' ..."
            printf 'ada@example.test\\tAda Lovelace\\thome\\n'
            printf 'ada.l@work.example\\tAda Lovelace\\twork\\n'
            printf 'ADA@example.test\\tAda again\\n'
            """)
        defer { unlink(khard) }
        let found = try AddressBookCommand.query("\(khard) %s", for: "ada", timeout: 5)
        #expect(found == [Address(name: "Ada Lovelace", mailbox: "ada@example.test"),
                          Address(name: "Ada Lovelace", mailbox: "ada.l@work.example")], "one entry per address, header skipped")
        // notmuch-address prints `Name <address>` lines, and there is no header to skip.
        let notmuch = try script("echo 'Grace Hopper <grace@navy.example>'; echo 'linus@example.test'")
        defer { unlink(notmuch) }
        #expect(try AddressBookCommand.query(notmuch, for: "g", timeout: 5)
                == [Address(name: "Grace Hopper", mailbox: "grace@navy.example"), Address(mailbox: "linus@example.test")])
    }

    @Test func theQueryIsAnArgumentNeverShellText() throws {
        let marker = NSTemporaryDirectory() + "merle-injected-\(UUID().uuidString)"
        // The command echoes the argument it got back as an address line.
        let echo = try script("printf '%s@example.test\\tGot it\\n' \"$1\"")
        defer { unlink(echo) }
        for template in ["\(echo) %s", "\(echo) '%s'", "\(echo) \"%s\"", echo] {
            for query in ["x'; touch \(marker); '", "x\"; touch \(marker); \"", "$(touch \(marker))", "`touch \(marker)`", "a b"] {
                let found = try AddressBookCommand.query(template, for: query, timeout: 5)
                #expect(!FileManager.default.fileExists(atPath: marker), "\(template) with \(query) ran a command")
                #expect(found.isEmpty || found == [Address(name: "Got it", mailbox: "\(query)@example.test")] || query.contains(" "),
                        "the query arrives whole: \(found)")
            }
        }
        #expect(try AddressBookCommand.query("\(echo) %s", for: "--help", timeout: 5).isEmpty, "an option is never passed")
    }

    @Test func failuresSayWhatToFix() throws {
        // Nothing found: abook and khard exit 1, which is not a failure.
        #expect(try AddressBookCommand.query("echo 'no match'; exit 1", for: "zz", timeout: 5).isEmpty)
        #expect(throws: AddressBookCommand.Failure.self) {
            _ = try AddressBookCommand.query("/nonexistent/khard email %s", for: "ada", timeout: 5, quiet: true)
        }
        let started = Date()
        do {
            _ = try AddressBookCommand.query("sleep 5; echo a@b.test", for: "ada", timeout: 0.3, quiet: true)
            Issue.record("a hanging command answered")
        } catch let failure as AddressBookCommand.Failure {
            #expect(failure.description.contains("did not finish within 0.3 seconds"))
            #expect(failure.description.contains("address_book_command"))
        }
        #expect(Date().timeIntervalSince(started) < 3, "the whole pipeline is ended, not waited for")
    }

    @Test func theConfigNamesACommandForAllAccountsOrOne() throws {
        let text = """
            [general]
            address_book_command = "khard email --parsable --remove-first-line %s"

            [[account]]
            name = "work"
            email = "a@work.test"
            [account.imap]
            host = "imap.work.test"
            user = "a"

            [[account]]
            name = "home"
            email = "a@home.test"
            address_book_command = "abook --mutt-query '%s'"
            [account.imap]
            host = "imap.home.test"
            user = "a"

            [[account]]
            name = "lists"
            email = "a@lists.test"
            address_book_command = ""
            [account.imap]
            host = "imap.lists.test"
            user = "a"
            """
        let config = try ConfigLoader.parse(text)
        #expect(config.general.addressBookCommand == "khard email --parsable --remove-first-line %s")
        #expect(config.account(named: "work")?.addressBookCommand == "khard email --parsable --remove-first-line %s")
        #expect(config.account(named: "home")?.addressBookCommand == "abook --mutt-query '%s'")
        #expect(config.account(named: "lists")?.addressBookCommand == nil, "an empty command turns the general one off")
        do {
            _ = try ConfigLoader.parse(text.replacingOccurrences(of: "abook --mutt-query '%s'", with: "abook\\n--mutt-query"))
            Issue.record("a command with a line break was accepted")
        } catch let error as ConfigError {
            #expect(error.description.contains("line break") && error.line == 14, "\(error)")
        }
    }
}
