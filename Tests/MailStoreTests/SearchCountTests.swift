import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// A search across folders: its counts (from the kept folder counts where they answer,
/// else counted) say what counting its rows says, and its first window is read in the
/// date index's order rather than sorted.
@Suite struct SearchCountTests {
    /// Two accounts' INBOX and an Archive, with unread, read and one matching word.
    static func store() throws -> ScratchStore {
        let scratch = try ScratchStore()
        let store = scratch.store
        var messages: [MailStore.LocalMessage] = []
        for (accountName, folders) in [("a", ["INBOX", "Archive"]), ("b", ["INBOX"])] {
            let account = try store.ensureAccount(name: accountName, kind: .local, email: "\(accountName)@example.test")
            for name in folders {
                let folder = try store.ensureFolder(accountId: account.id!, name: name)
                for number in 0..<30 {
                    let date = Date(timeIntervalSince1970: 1_800_000_000 + Double(number * 3 + folders.firstIndex(of: name)!) * 60)
                    let subject = number % 4 == 0 ? "Quarterly \(number)" : "Other \(number)"
                    let record = MessageRecord(folderId: folder.id!, flags: number % 3 == 0 ? [] : ["\\Seen"], internalDate: date, date: date,
                                               size: 10, subject: subject, fromName: "Ada", fromAddress: "ada@example.test", bodyState: .full)
                    messages.append(MailStore.LocalMessage(record: record, raw: Data("Subject: \(subject)\r\n\r\nx\r\n".utf8), searchBody: "x"))
                }
            }
        }
        try store.insertLocalMessages(messages)
        return scratch
    }

    static func scanned(_ store: MailStore, _ query: MessageQuery) throws -> (total: Int, unread: Int) {
        var unreadOnly = query
        unreadOnly.unreadOnly = true
        let all = try store.messageIds(query).count
        // The unread among them, listed (not counted) so no kept count answers.
        let unread = try store.messageWindow(unreadOnly, offset: 0, limit: 10_000).count
        return (all, unread)
    }

    @Test func countsAgreeWithTheRowsForEveryKindOfSavedSearch() throws {
        let scratch = try Self.store()
        let store = scratch.store
        var inboxes = MessageQuery(folderId: nil)
        inboxes.inboxesOnly = true
        var unreadInboxes = inboxes
        unreadInboxes.unreadOnly = true
        let queries = [MessageQuery(folderId: nil), MessageQuery(folderId: nil, unreadOnly: true), inboxes, unreadInboxes,
                       MessageQuery(folderId: nil, fullTextMatch: "subject : \"quarterly\" *"),
                       MessageQuery(folderId: nil, flaggedOnly: true)]
        #expect(queries.map(\.isCountedPerFolder) == [true, true, true, true, false, false])
        for query in queries {
            let counts = try store.messageCounts(query)
            let scanned = try Self.scanned(store, query)
            #expect(counts.total == scanned.total && counts.unread == scanned.unread, "\(query)")
            #expect(try store.messageCount(query) == scanned.total, "\(query)")
        }
        #expect(try store.messageCounts(inboxes) == (60, 20))

        // A flag change is counted at once.
        let first = try #require(try store.messageWindow(inboxes, offset: 0, limit: 1).first)
        _ = try store.changeFlags(messageIds: [first.id!], add: first.flags.contains("\\Seen") ? [] : ["\\Seen"], remove: first.flags.contains("\\Seen") ? ["\\Seen"] : [])
        let after = try store.messageCounts(inboxes)
        #expect(after.total == 60 && after.unread == (first.flags.contains("\\Seen") ? 21 : 19))
    }

    /// A search across folders in date order walks the date index (migration v18) when
    /// its matches are many among all messages, and sorts them when they are few; so does
    /// a text search in a folder, by what its full-text match found.
    @Test func aSearchAcrossFoldersWalksTheDateIndexOrSortsItsFewMatches() throws {
        let scratch = try Self.store()
        let store = scratch.store
        var inboxes = MessageQuery(folderId: nil)
        inboxes.inboxesOnly = true
        // (query, rows wanted, walks): 90 messages, 60 in the inboxes, 30 unread.
        let cases: [(MessageQuery, Int, Bool)] = [(MessageQuery(folderId: nil), 201, true), (inboxes, 5, true), (inboxes, 201, false),
                                                  (MessageQuery(folderId: nil, unreadOnly: true), 5, true),
                                                  (MessageQuery(folderId: nil, unreadOnly: true), 201, false)]
        for (query, rows, walks) in cases {
            let condition = query.condition
            let plan = try store.reader.read { db in
                let (from, order) = try MailStore.dateWalk(db, query, rows: rows, reversed: false)
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM \(from) WHERE \(condition.sql) ORDER BY \(order) LIMIT \(rows)",
                                        arguments: condition.arguments).map { $0["detail"] as String }
            }.joined(separator: " | ")
            if walks {
                #expect(plan.contains("SCAN message USING INDEX message_by_date") && !plan.contains("TEMP B-TREE"), "\(rows) \(query): \(plan)")
            } else {
                #expect(!plan.contains("message_by_date") && plan.contains("TEMP B-TREE"), "\(rows) \(query): \(plan)")
            }
            // Either way, the rows are those of the whole listing.
            #expect(try store.messageWindow(query, offset: 0, limit: rows).map(\.id!) == Array(try store.messageWindow(query, offset: 0, limit: 10_000).map(\.id!).prefix(rows)))
            // A listing of every match (`merle search`) walks only when all match.
            var listed: [Int64] = []
            try store.forEachMessage(query) { listed.append($0.id!); return true }
            #expect(listed == (try store.messageWindow(query, offset: 0, limit: 10_000).map(\.id!)))
            let everyRow = try store.reader.read { db in try MailStore.dateWalk(db, query, rows: .max, reversed: false) }
            #expect(everyRow.from.contains("message_by_date") == (query == MessageQuery(folderId: nil)), "\(query): \(everyRow)")
        }
        // Text matched once: a word in most messages walks the folder's date index, a word
        // in none (or a few) sorts what it found, never walking the folder; the count reads
        // the same ids.
        let inbox = try store.folder(named: "INBOX", account: "a")
        for (match, walks, total) in [("\"x\"", true, 30), ("nothinglikethis", false, 0)] {
            var query = MessageQuery(folderId: inbox.id!, fullTextMatch: match)
            let counted = try store.messageCount(query)
            let listed = try store.messageWindow(query, offset: 0, limit: 5).map(\.id!)
            query.textMatches = try store.textMatches(query)
            #expect(try store.messageCount(query) == counted && counted == total)
            #expect(try store.messageWindow(query, offset: 0, limit: 5).map(\.id!) == listed)
            let plan = try store.reader.read { db in
                let (from, order) = try MailStore.dateWalk(db, query, rows: 5, reversed: false)
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM \(from) WHERE \(query.condition.sql) ORDER BY \(order) LIMIT 5",
                                        arguments: query.condition.arguments).map { $0["detail"] as String }
            }.joined(separator: " | ")
            #expect(plan.contains("message_by_folder_date") == walks && plan.contains("TEMP B-TREE") != walks && !plan.contains("message_fts"), "\(match): \(plan)")
        }

        // More ids than the limit: none kept, the query runs the match itself.
        let broad = MessageQuery(folderId: inbox.id!, fullTextMatch: "\"x\"")
        #expect(try store.textMatches(broad, limit: 89) == nil)
        #expect(try store.textMatches(broad, limit: 90)?.count == 90)

        // And the window is the newest first across the folders, as the whole listing has it.
        let unread = MessageQuery(folderId: nil, unreadOnly: true)
        let window = try store.messageWindow(unread, offset: 0, limit: 5)
        let everything = try store.messageWindow(unread, offset: 0, limit: 10_000).map(\.id!)
        #expect(everything.count == 30)
        #expect(window.map(\.id!) == Array(everything.prefix(5)))
        // The newest unread: number 27 of the Archive (3 * 27 + 1 minutes).
        #expect(window.first?.date == Date(timeIntervalSince1970: 1_800_000_000 + 82 * 60))
        #expect(window.compactMap(\.date) == window.compactMap(\.date).sorted(by: >))
    }

    /// A whole listing (`merle search`) reads its text's matches once: a word in every
    /// message walks the date index for the few rows asked and sorts them all when all
    /// are asked, a word in a few sorts them; either way the rows and their order are the
    /// listing's.
    @Test func aListingOfATextSearchWalksOrSortsByHowManyItFound() throws {
        let scratch = try Self.store()
        let store = scratch.store
        // "x" is in all 90 messages, "quarterly" in the subjects of 24, "quarterly 4" in 3.
        let few = "subject : \"quarterly\" AND subject : \"4\""
        for (match, total) in [("\"x\"", 90), ("subject : \"quarterly\"", 24), (few, 3), ("nothinglikethis", 0)] {
            let query = MessageQuery(folderId: nil, fullTextMatch: match)
            let everything = try store.messageWindow(query, offset: 0, limit: 10_000).map(\.id!)
            #expect(everything.count == total)
            for rows in [5, Int.max] {
                var listed: [Int64] = []
                try store.forEachMessage(query, rows: rows) { listed.append($0.id!); return listed.count < rows }
                #expect(listed == Array(everything.prefix(rows)), "\(match) \(rows)")
            }
        }
        // The plans behind it: the walk for some of a word in most messages, a sort for all
        // of them or for a few.
        for (match, rows, walks) in [("\"x\"", 5, true), ("\"x\"", 89, true), ("\"x\"", 90, false), ("\"x\"", Int.max, false),
                                     (few, 5, false), (few, Int.max, false)] {
            let plan = try store.reader.read { db in
                let listing = try MailStore.listing(db, MessageQuery(folderId: nil, fullTextMatch: match), rows: rows)
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + listing.sql, arguments: listing.arguments).map { $0["detail"] as String }
            }.joined(separator: " | ")
            #expect(plan.contains("SCAN message USING INDEX message_by_date") == walks && plan.contains("TEMP B-TREE") != walks, "\(match) \(rows): \(plan)")
        }
    }
}
