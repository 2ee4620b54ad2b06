import Foundation
import IMAPProtocol
@testable import MailStore
import TestSupport
import Testing
@testable import SyncEngine

/// The IMAP mirror against the real Dovecot: first sync, resync through each path,
/// folder changes, UIDVALIDITY changes. Each test owns one test user.
@Suite struct IMAPMirrorTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    @Test func firstSyncEqualsTheServerAndBodiesComeOnDemand() throws {
        let user = try servers.user("niaj")
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        defer { try? client.logout() }
        let token = UUID().uuidString
        try client.seed("INBOX", count: 23, token: token)
        _ = try client.send(.create("Projects"))
        try client.seed("Projects/2026", count: 4, token: token, from: 100)

        let scratch = try ScratchStore()
        let account = servers.imapAccount(user)
        var options = IMAPSyncOptions(bodies: .onDemand, headerBatchSize: 5, headerPipelineDepth: 3)
        var events: [IMAPSyncEvent] = []
        let mirror = try IMAPMirror(store: scratch.store, account: account, secrets: servers.secrets, options: options) { events.append($0) }
        let first = try mirror.sync()
        #expect(first.first?.folder == "INBOX")
        #expect(first.first { $0.folder == "INBOX" }?.newMessages == 23)
        #expect(first.allSatisfy { $0.path == .full && $0.bodies == 0 })
        #expect(events.contains(.headers(folder: "INBOX", done: 5, total: 23)), "headers are stored batch by batch")

        // Headers only: everything but the bodies equals the server.
        let server = try client.snapshot("INBOX")
        var mirrored = try scratch.store.mirrorSnapshot(account: account.name, folder: "INBOX")
        #expect(mirrored.count == 23)
        #expect(mirrored.mapValues(\.flags) == server.mapValues(\.flags))
        #expect(mirrored.mapValues(\.size) == server.mapValues(\.size))
        #expect(mirrored.mapValues(\.internalDate) == server.mapValues(\.internalDate))
        #expect(mirrored.values.allSatisfy { $0.raw.isEmpty })
        // Newest first: the highest UID was stored first (has the lowest local id).
        let inbox = try scratch.store.folder(named: "INBOX", account: account.name)
        let rows = try scratch.store.messages(inFolder: inbox.id!, limit: 100)
        let byId = rows.sorted { $0.id! < $1.id! }.map(\.uid!)
        #expect(byId == byId.sorted(by: >))
        #expect(rows.contains { $0.subject == "Grüße 5 \(token)" }, "encoded-word subjects are decoded from the header")

        // The UI opens one message: its body comes on demand, byte for byte.
        let one = rows[rows.count / 2]
        try mirror.fetchBody(messageId: one.id!)
        #expect(try scratch.store.rawMessage(id: one.id!).map { [UInt8]($0) } == server[one.uid!]?.raw)
        #expect(try scratch.store.message(id: one.id!).bodyState == .full)

        // Then a sync with the default policy downloads the rest; nothing is duplicated.
        options.bodies = .all
        mirror.options = options
        let second = try mirror.sync()
        #expect(second.first { $0.folder == "INBOX" }?.bodies == 22)
        #expect(second.allSatisfy { $0.newMessages == 0 && $0.path == .qresync })
        mirrored = try scratch.store.mirrorSnapshot(account: account.name, folder: "INBOX")
        #expect(mirrored == server)
        // Bodies wait for the search index (subjects and addresses are searchable at
        // once), then are searchable: the plain part of each multipart/alternative (8 of 23).
        func hits() throws -> Int? {
            try scratch.store.reader.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM message_fts JOIN message ON message.id = message_fts.rowid
                    WHERE message_fts MATCH 'body: plain' AND message.folder_id = ?
                    """, arguments: [inbox.id!])
            }
        }
        let waiting = try scratch.store.pendingSearchBodies()
        #expect(waiting >= 23, "every downloaded body of INBOX, and those of the other folders")
        #expect(try hits() == 0)
        #expect(try scratch.store.indexPendingBodies(limit: 10) == waiting - 10, "ten at a time")
        #expect(try scratch.store.indexPendingBodies(limit: 1000, parallel: true) == 0)
        #expect(try hits() == 8)
        let attachments = try scratch.store.messages(inFolder: inbox.id!, limit: 100).filter(\.hasAttachment)
        #expect(attachments.count == 7, "the multipart/mixed messages with a file (indexes 2, 5, … 20)")
        #expect(try scratch.store.mirrorSnapshot(account: account.name, folder: "Projects/2026") == client.snapshot("Projects/2026"))

        // Folders: hierarchy and special-use roles.
        let folders = try scratch.store.mirrorFolders(accountId: try scratch.store.accounts()[0].id!)
        #expect(folders.first { $0.name == "Projects/2026" }?.delimiter == "/")
        let roles = try scratch.store.folderSummaries(account: account.name).compactMap(\.role)
        #expect(Set(roles).isSuperset(of: ["sent", "trash", "drafts"]))
        #expect(try scratch.store.integrityProblems().isEmpty)
    }

    @Test func resyncThroughQRESYNC() throws {
        // Also the one-pass first sync: 3 headers first, the rest whole in small batches.
        try checkResync(user: "olivia", options: IMAPSyncOptions(firstScreenHeaders: 3, bodyBatchBytes: 3000), path: .qresync)
    }

    @Test func resyncThroughCONDSTOREAlone() throws {
        try checkResync(user: "peggy", options: IMAPSyncOptions(useQResync: false), path: .condstore)
    }

    @Test func resyncThroughThePlainFallback() throws {
        try checkResync(user: "rupert", options: IMAPSyncOptions(useQResync: false, useCondStore: false), path: .plain)
    }

    /// Flags, expunges, a move, new mail, a new, a renamed and a deleted folder, made by
    /// a second client, are all mirrored by the next sync through `path`.
    private func checkResync(user name: String, options: IMAPSyncOptions, path: ResyncPath) throws {
        let user = try servers.user(name)
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        defer { try? client.logout() }
        let token = UUID().uuidString
        let inboxUIDs = try client.seed("INBOX", count: 20, token: token)
        try client.seed("Work", count: 5, token: token, from: 200)
        try client.seed("Old", count: 3, token: token, from: 300)
        try client.seed("Gone", count: 2, token: token, from: 400)

        let scratch = try ScratchStore()
        let account = servers.imapAccount(user)
        let mirror = try IMAPMirror(store: scratch.store, account: account, secrets: servers.secrets, options: options)
        try mirror.sync()
        let oldFolder = try scratch.store.folder(named: "Old", account: account.name)
        let oldIds = Set(try scratch.store.messages(inFolder: oldFolder.id!).map(\.id!))

        // The other client changes things.
        _ = try client.select(.inbox)
        try client.execute(.uidStore(SequenceSet(inboxUIDs[0..<5]), .add([.seen, "$Label2"])))
        try client.execute(.uidStore(SequenceSet(inboxUIDs[5..<8]), .remove([.flagged])))
        try client.execute(.uidStore(SequenceSet(inboxUIDs[8..<11]), .add([.deleted])))
        try client.execute(.uidExpunge(SequenceSet(inboxUIDs[8..<11])))
        try client.uidCopy(SequenceSet(inboxUIDs[11..<13]), to: "Work", move: true)
        try client.seed("INBOX", count: 2, token: token, from: 500)
        try client.seed("New", count: 1, token: token, from: 600)
        try client.execute(.rename(from: "Old", to: "Older"))
        try client.execute(.delete("Gone"))

        let summaries = try mirror.sync()
        let inbox = try #require(summaries.first { $0.folder == "INBOX" })
        #expect(inbox.path == path)
        #expect(inbox.newMessages == 2)
        #expect(inbox.expunged == 5)
        #expect(inbox.flagChanges == 6, "5 gained flags, 1 of 3 lost \\Flagged")
        for folder in ["INBOX", "Work", "New", "Older"] {
            let mirrored = try scratch.store.mirrorSnapshot(account: account.name, folder: folder)
            let server = try client.snapshot(folder)
            #expect(mirrored == server, "\(folder) through \(path)")
        }
        let names = Set(try scratch.store.folderSummaries(account: account.name).map(\.name))
        #expect(!names.contains("Old") && !names.contains("Gone") && names.contains("Older") && names.contains("New"))
        let renamed = try scratch.store.folder(named: "Older", account: account.name)
        #expect(renamed.id == oldFolder.id, "a rename keeps the folder")
        #expect(Set(try scratch.store.messages(inFolder: renamed.id!).map(\.id!)) == oldIds, "and its messages")

        // Nothing changed since: nothing to do, and still equal.
        let again = try mirror.sync()
        #expect(again.allSatisfy { $0.newMessages == 0 && $0.flagChanges == 0 && $0.expunged == 0 && $0.bodies == 0 })
        #expect(try scratch.store.mirrorSnapshot(account: account.name, folder: "INBOX") == client.snapshot("INBOX"))
        #expect(try scratch.store.integrityProblems().isEmpty)
    }

    @Test func aRecreatedMailboxIsRematchedWithoutLosingLocalOnlyState() throws {
        let user = try servers.user("sybil")
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        defer { try? client.logout() }
        let token = UUID().uuidString
        try client.seed("Box", count: 6, token: token)

        let scratch = try ScratchStore()
        let store = scratch.store
        let account = servers.imapAccount(user)
        let mirror = try IMAPMirror(store: store, account: account, secrets: servers.secrets)
        try mirror.sync()
        let box = try store.folder(named: "Box", account: account.name)
        let before = try store.messages(inFolder: box.id!)
        let idsByMessageID = Dictionary(uniqueKeysWithValues: before.map { ($0.headerMessageId!, $0.id!) })

        // Local-only state: a pending journal entry naming a message, and a message that
        // exists only here (no UID yet, e.g. a local copy not yet replayed).
        let kept = idsByMessageID["\(token)-1@example.test"]!
        let accountId = try store.accounts()[0].id!
        let localOnly = try store.database.write { db -> Int64 in
            var entry = JournalEntry(accountId: accountId, operation: "flag-add", payload: "{\"message\":\(kept),\"flag\":\"\\\\Flagged\"}")
            try entry.insert(db)
            var record = MessageRecord(folderId: box.id!, uid: nil, subject: "local draft copy")
            try record.insert(db, raw: Data("Subject: local draft copy\r\n\r\nonly here\r\n".utf8), searchBody: "only here")
            return record.id!
        }

        // The server recreates the mailbox: new UIDVALIDITY, four of the six back, one new.
        try client.execute(.delete("Box"))
        try client.execute(.create("Box"))
        for index in [1, 2, 4, 5] {
            try client.append(TestMail.message(index, token: token), to: "Box", flags: [.answered])
        }
        try client.append(TestMail.message(9, token: token), to: "Box")

        var events: [IMAPSyncEvent] = []
        mirror.events = { events.append($0) }
        let summary = try #require(try mirror.sync().first { $0.folder == "Box" })
        #expect(events.contains(.uidValidityChanged(folder: "Box", waiting: 6)))
        #expect(summary.rematched == 4)
        #expect(summary.newMessages == 1)
        #expect(summary.lostAfterUIDValidityChange == 2)

        let after = try store.messages(inFolder: box.id!)
        for index in [1, 2, 4, 5] {
            let message = try #require(after.first { $0.headerMessageId == "\(token)-\(index)@example.test" })
            #expect(message.id == idsByMessageID[message.headerMessageId!], "re-matched messages keep their local id")
            #expect(message.hasFlag("\\Answered"))
        }
        #expect(try store.message(id: localOnly).uid == nil, "the local-only message survives")
        #expect(try store.rawMessage(id: localOnly) != nil)
        let journal = try store.reader.read { db in try JournalEntry.fetchAll(db) }
        #expect(journal.count == 1 && journal[0].payload.contains("\(kept)"), "the journal survives")
        #expect(try store.mirrorSnapshot(account: account.name, folder: "Box") == client.snapshot("Box"))
        let validity = try store.folder(named: "Box", account: account.name).uidvalidity
        #expect(validity != box.uidvalidity)

        // The server deletes the folder: it stays locally while it holds the local-only message.
        try client.execute(.delete("Box"))
        let changes = try mirror.syncFolderList()
        #expect(changes.kept == ["Box"])
        #expect(try store.message(id: localOnly).subject == "local draft copy")
        #expect(try store.integrityProblems().isEmpty)
    }
}
