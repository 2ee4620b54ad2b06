import Foundation
import MailMessage
import MailStore
@testable import MailUI
import MerleConfig
import SyncEngine
import Terminal
import TestSupport
import Testing

/// Tab in an address prompt merges the store's candidates with the account's
/// `address_book_command` (MailApp.addressCompletion), and a slow command never holds
/// the reader for more than a second.
@Suite struct AddressBookCompletionTests {
    /// A script standing for khard: a header line, then its matches for $1 after `delay` seconds.
    private func khard(delay: Double = 0, log: String? = nil) throws -> String {
        try ScriptFile.write("""
            #!/bin/sh
            \(log.map { "echo \"$1\" >> \($0)" } ?? "")
            sleep \(delay)
            echo "searching for '$1' ..."
            case "$1" in
            gra*) printf 'grace@navy.example\\tGrace Hopper\\twork\\n'; printf 'zoe.friend@example.test\\tZoë from khard\\n' ;;
            esac
            """, prefix: "merle-khard")
    }

    private func account(command: String) -> AccountConfiguration {
        AccountConfiguration(name: "demo", email: "me@example.test",
                             incoming: .imap(ServerConfiguration(host: "imap.example.test", port: 993, user: "me")),
                             addressBookCommand: "\(command) %s")
    }

    @Test func tabListsTheStoresAndTheCommandsMatches() throws {
        let fixture = try DemoFixture(messages: 10)
        let stored = try fixture.store.accounts()[0]
        // Someone written to whom the command knows too, without a name in the store.
        try fixture.store.enqueue(accountId: stored.id!, raw: Data("Subject: x\r\n\r\ny\r\n".utf8), envelopeFrom: "me@example.test",
                                  recipients: ["grace@navy.example"])
        try fixture.store.importContacts([.init(name: "Grant Imported", mailbox: "grant@book.example")])
        let script = try khard()
        defer { unlink(script) }
        let (app, screen) = try fixture.app(columns: 120)
        app.accounts = [account(command: script)]
        // This test is about merging the sources, not the reader's one-second patience
        // (the next test): under the whole suite's load, starting the script took longer.
        app.addressBook.patience = 30
        app.press(.character("m"))
        app.type("gra")
        app.press(.tab)
        app.draw()
        let shown = screen.render()
        #expect(shown.contains("Grace Hopper <grace@navy.example>"), "the store's address with the command's name: \(shown)")
        #expect(shown.contains("Grant Imported <grant@book.example>"), "the imported address book")
        #expect(shown.contains("Zoë from khard <zoe.friend@example.test>"), "the command decides what matches (khard looks at every field)")
        #expect(app.prompt?.text == "Grace Hopper <grace@navy.example>", "written to first")
    }

    @Test func aSlowCommandIsWaitedForOneSecondThenRemembered() throws {
        let fixture = try DemoFixture(messages: 10)
        let log = NSTemporaryDirectory() + "merle-khard-log-\(UUID().uuidString)"
        let script = try khard(delay: 2, log: log)
        defer {
            unlink(script)
            unlink(log)
        }
        let (app, _) = try fixture.app(columns: 120)
        app.accounts = [account(command: script)]
        app.press(.character("m"))
        app.type("gra")
        let started = Date()
        app.press(.tab)
        let waited = Date().timeIntervalSince(started)
        #expect(waited < 1.8, "the reader waited \(waited) s for the command")
        #expect(app.prompt?.text == "gra", "nothing yet: the command has not answered")
        // Its answer arrives meanwhile and is remembered for the word.
        Thread.sleep(forTimeInterval: 2)
        app.press(.escape, .character("m"))
        app.type("gra")
        let again = Date()
        app.press(.tab)
        #expect(Date().timeIntervalSince(again) < 0.5, "remembered, not run again")
        #expect(app.prompt?.text == "Grace Hopper <grace@navy.example>")
        let runs = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(runs == ["gra"], "one run for the word: \(runs)")
    }
}
