import Foundation
import GRDB
import MailMessage
import TestSupport
import Testing
@testable import MailStore

/// The address book: imported vCard addresses, people written to and senders, one entry
/// per address whatever its case.
@Suite struct AddressBookTests {
    private func seed(_ store: MailStore) throws -> AccountRecord {
        let account = try store.ensureAccount(name: "a", kind: .imap, email: "me@example.test")
        let inbox = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        try store.database.write { db in
            for (index, (name, address)) in [("Ada Lovelace", "ada@example.test"), ("Ada L.", "ADA@example.test"),
                                             ("Linus Pauling", "linus@example.test")].enumerated() {
                var message = MessageRecord(folderId: inbox.id!, uid: Int64(index + 1))
                message.fromName = name
                message.fromAddress = address
                try message.insert(db)
            }
        }
        try store.enqueue(accountId: account.id!, raw: Data("Subject: x\r\n\r\ny\r\n".utf8), envelopeFrom: "me@example.test",
                          recipients: ["grace@navy.example", "linus@example.test"])
        return account
    }

    @Test func importingTwiceAddsNothingTheSecondTime() throws {
        let scratch = try ScratchStore()
        let store = scratch.store
        _ = try seed(store)
        let cards = [Address(name: "Ada King, Countess of Lovelace", mailbox: "Ada@Example.test"),
                     Address(name: "Jürgen Müller", mailbox: "juergen@example.test"), Address(mailbox: "grace@navy.example")]
        #expect(try store.importContacts(cards) == MailStore.ContactImportOutcome(added: 3))
        #expect(try store.importContacts(cards) == MailStore.ContactImportOutcome(unchanged: 3))
        #expect(try store.importContacts([Address(name: "Jürgen M.", mailbox: "JUERGEN@example.test")])
                == MailStore.ContactImportOutcome(renamed: 1))
        let count = try store.reader.read { db in try ContactRecord.fetchCount(db) }
        #expect(count == 4, "one row per address, any case: ada, juergen, grace (and linus, written to)")

        let book = try store.addressBook()
        #expect(book.map(\.address.localizedLowercase) == ["grace@navy.example", "linus@example.test", "ada@example.test",
                                                        "juergen@example.test"],
                "written to and in the book, written to and seen, in the book and seen, in the book: \(book.map(\.address))")
        let ada = try #require(book.first { $0.address.lowercased() == "ada@example.test" })
        #expect(ada == MailStore.AddressBookEntry(address: "Ada@Example.test", name: "Ada King, Countess of Lovelace", seen: 2,
                                                  imported: true), "both spellings counted as one sender; the card names it")
        #expect(try store.addressBook(matching: "JÜRGEN").map(\.address) == ["juergen@example.test"], "any case, beyond ASCII")
        #expect(try store.addressBook(matching: "jurgen").map(\.address) == ["juergen@example.test"], "accents or not")
        #expect(try store.addressBook(matching: "%").isEmpty, "LIKE wildcards typed match only themselves")
        #expect(try store.suggestAddresses(prefix: "count").first?.address == "ada@example.test",
                "completion finds a word of the card's name")
    }
}
