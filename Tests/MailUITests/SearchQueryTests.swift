import Foundation
import MailStore
import MailUI
import Testing

/// The search language becomes a safe FTS5 expression plus filters.
@Suite struct SearchQueryTests {
    @Test func wordsFieldsAndFilters() throws {
        let utc = TimeZone(identifier: "UTC")!
        let query = try SearchQuery("invoice from:ada subject:\"weekly report\" is:unread is:flagged has:attachment after:2026-11-01 before:2026-11-20",
                                    folderId: 7, timeZone: utc).query
        #expect(query.folderId == 7)
        #expect(query.fullTextMatch == "\"invoice\" * AND addresses : \"ada\" * AND subject : \"weekly report\"")
        #expect(query.unreadOnly && query.flaggedOnly && query.withAttachmentOnly)
        #expect(query.after == Date(timeIntervalSince1970: 1_793_491_200))
        #expect(query.before == Date(timeIntervalSince1970: 1_795_132_800))
    }

    @Test func userOperatorsAreQuoted() throws {
        let query = try SearchQuery("a\"b OR NEAR(", folderId: nil).query
        #expect(query.fullTextMatch == "\"ab OR NEAR(\"")
        let colon = try SearchQuery("re:thing", folderId: nil).query
        #expect(colon.fullTextMatch == "\"re:thing\"")
    }

    @Test func badFiltersSayWhatToDo() {
        #expect(throws: SearchQueryError.self) { try SearchQuery("is:shiny", folderId: nil) }
        #expect(throws: SearchQueryError.self) { try SearchQuery("has:kids", folderId: nil) }
        #expect(throws: SearchQueryError.self) { try SearchQuery("after:soon", folderId: nil) }
    }

    @Test func searchRunsAgainstTheStore() throws {
        let fixture = try DemoFixture(messages: 200)
        let inbox = try fixture.store.folder(named: "INBOX")
        let all = try SearchQuery("is:unread", folderId: inbox.id).query
        let unread = try fixture.store.messageCount(all)
        let summary = try #require(try fixture.store.folderSummaries().first { $0.name == "INBOX" })
        #expect(unread == summary.unread)
        let cjk = try SearchQuery("subject:会議の議事録", folderId: nil).query
        #expect(try fixture.store.messageCount(cjk) > 0)
    }
}

/// The address fields of the search language reach the query and the server's SEARCH.
@Suite struct AddressFieldQueryTests {
    @Test func fromToAndCcAreFields() throws {
        let parsed = try SearchQuery("from:bob to:carol cc:\"dave d\"", folderId: 3)
        #expect(parsed.query.fieldWords == [
            AddressFieldWord(field: .from, value: "bob"), AddressFieldWord(field: .to, value: "carol"),
            AddressFieldWord(field: .cc, value: "dave d", isPhrase: true),
        ])
        #expect(parsed.server.from == ["bob"] && parsed.server.to == ["carol"] && parsed.server.cc == ["dave d"])
    }
}
