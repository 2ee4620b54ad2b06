import Foundation
@testable import MailStore
import TestSupport
import Testing

/// `from:`, `to:` and `cc:` look in their own fields: From; To and Cc; Cc alone.
@Suite struct AddressFieldSearchTests {
    func store(_ messages: [(from: String, to: String, cc: String)]) throws -> (ScratchStore, Int64) {
        let temporary = try ScratchStore()
        let store = temporary.store
        let account = try store.ensureAccount(name: "a", kind: .pop3, email: "me@example.test").id!
        let folder = try store.ensureFolder(accountId: account, name: "INBOX").id!
        let downloads = messages.enumerated().map { number, message in
            let raw = "From: \(message.from)\r\nTo: \(message.to)\r\n" + (message.cc.isEmpty ? "" : "Cc: \(message.cc)\r\n")
                + "Subject: Message \(number)\r\nMessage-ID: <m\(number)@example.test>\r\n\r\nHello\r\n"
            return MailStore.PreparedDownload(uidl: "u\(number)", raw: Array(raw.utf8), folderId: folder, downloadedAt: Date())
        }
        _ = try store.storeDownloaded(accountId: account, folderId: folder, downloads)
        return (temporary, folder)
    }

    func subjects(_ store: MailStore, folder: Int64, _ words: [AddressFieldWord]) throws -> Set<String> {
        var query = MessageQuery(folderId: folder)
        query.fullTextMatch = words.map { "addresses : \"\($0.value)\" *" }.joined(separator: " AND ")
        query.fieldWords = words
        return Set(try store.messageWindow(query, offset: 0, limit: 100).map(\.subject))
    }

    @Test func eachFieldIsItsOwn() throws {
        let (temporary, folder) = try store([
            ("Bob Builder <bob@example.test>", "me@example.test", ""),          // 0: bob sent it
            ("Alice <alice@example.test>", "me@example.test", "bob@example.test"), // 1: bob in Cc
            ("Alice <alice@example.test>", "Bob <bob@example.test>", ""),       // 2: bob in To
            ("Jürgen Müller <jm@example.test>", "me@example.test", ""),         // 3: diacritics
        ])
        let store = temporary.store
        #expect(try subjects(store, folder: folder, [AddressFieldWord(field: .from, value: "bob")]) == ["Message 0"],
                "from: is the From field only, not a Cc")
        #expect(try subjects(store, folder: folder, [AddressFieldWord(field: .to, value: "bob")]) == ["Message 1", "Message 2"],
                "to: is To and Cc")
        #expect(try subjects(store, folder: folder, [AddressFieldWord(field: .cc, value: "bob")]) == ["Message 1"])
        #expect(try subjects(store, folder: folder, [AddressFieldWord(field: .from, value: "muller")]) == ["Message 3"],
                "case and diacritics are ignored as in the full-text index")
        #expect(try subjects(store, folder: folder, [AddressFieldWord(field: .from, value: "bob@example.test")]) == ["Message 0"])
        #expect(try subjects(store, folder: folder, [AddressFieldWord(field: .from, value: "bui")]) == ["Message 0"], "a word's start")
        #expect(try subjects(store, folder: folder, [AddressFieldWord(field: .from, value: "uilder")]).isEmpty, "not a word's middle")
    }

    /// The ASCII shortcut answers as the folding path does.
    @Test func theASCIIShortcutAgreesWithFolding() {
        let fields = ["Bob Builder bob@example.test", "ALICE <alice@example.test>", "o'neil, pat pat.o@x.org", "", "x"]
        let values = ["bob", "BOB", "bui", "uilder", "bob@example.test", "pat.o", "o'neil", "alice", "zz", "x", " bob "]
        for field in fields {
            for value in values {
                for phrase in [false, true] {
                    let fast = AddressFieldMatch.asciiMatches(Array(field.utf8), Array(value.utf8), phrase: phrase)
                    let folded = AddressFieldMatch.matches(field + "é", value, phrase: phrase)  // non-ASCII: the folding path
                    #expect(fast == folded, "\(field) / \(value) / \(phrase)")
                }
            }
        }
    }
}
