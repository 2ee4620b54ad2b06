import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import TestSupport
import Testing
@testable import SyncEngine

/// Offline actions replayed against the real Dovecot: every journal operation kind,
/// the outcomes when the server changed meanwhile, and a UIDVALIDITY change.
@Suite(.serialized) struct OfflineJournalTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    /// A user's empty mailbox with `count` seeded INBOX messages and a "Work" folder,
    /// mirrored into a fresh store.
    func synced(_ name: String, count: Int = 6) throws -> (OfflineWorld, [String: Int64]) {
        let user = try servers.user(name)
        try servers.emptyMailbox(of: user)
        let world = try OfflineWorld(servers: servers, user: user)
        try world.client.seed("INBOX", count: count, token: world.token)
        try world.client.execute(.create("Work"))
        try world.mirror.sync()
        let inbox = try world.store.folder(named: "INBOX", account: world.account.name)
        var ids: [String: Int64] = [:]
        for message in try world.store.messages(inFolder: inbox.id!, limit: 1000) { ids[message.headerMessageId!] = message.id! }
        return (world, ids)
    }

    @Test func everyMessageOperationReachesTheServer() throws {
        let (world, ids) = try synced("amber")
        let store = world.store
        let m = { (index: Int) in ids[world.messageID(index)]! }
        try store.changeFlags(messageIds: [m(0)], add: ["\\Flagged"], remove: ["\\Seen"])
        try store.moveMessages(ids: [m(1)], to: "Work")
        // A flag on the moved message: replay must first learn its UID in Work.
        try store.changeFlags(messageIds: [m(1)], add: ["$Label2"], remove: [])
        let copy = try store.copyMessages(ids: [m(2)], to: "Work")[0]
        #expect(try store.deleteMessages(ids: [m(3)]).movedToTrash == 1)
        #expect(try store.expungeMessages(ids: [m(4)]) == 1)
        #expect(try store.archiveMessages(ids: [m(5)]) == 1)

        var events: [IMAPSyncEvent] = []
        world.mirror.events = { events.append($0) }
        try world.mirror.sync()
        let replayed = try #require(events.compactMap { event -> JournalReplayer.Summary? in
            if case let .journalReplayed(summary) = event { return summary }
            return nil
        }.first)
        #expect(replayed.applied == 8 && replayed.failed == 0 && replayed.deferred == 0)
        #expect(try store.journal(accountId: world.accountId).isEmpty)

        let server = try world.serverState()
        #expect(server["INBOX"]?[world.messageID(0)] == ["\\Flagged"])
        #expect(server["INBOX"]?[world.messageID(4)] == nil && server.values.allSatisfy { $0[world.messageID(4)] == nil })
        #expect(server["Work"]?[world.messageID(1)] == ["\\Flagged", "$Label1", "$Label2"])
        #expect(server["Work"]?[world.messageID(2)] != nil && server["INBOX"]?[world.messageID(2)] != nil)
        #expect(server["Trash"]?[world.messageID(3)] != nil)
        #expect(server["Archive"]?[world.messageID(5)] != nil)
        #expect(try world.localState() == server, "the mirror equals the server after the replay and resync")
        // The moved message and the copy kept their local ids and learned their UIDs.
        #expect(try store.message(id: m(1)).uid != nil)
        #expect(try store.message(id: copy).uid != nil)
        #expect(try store.integrityProblems().isEmpty)
    }

    // One test per journal operation kind, each on its own: the state on the server after
    // the replay, and the store equal to it after the sync.

    @Test func aFlagAddAndRemoveReachTheServer() throws {
        let (world, ids) = try synced("amber", count: 2)
        try world.store.changeFlags(messageIds: [ids[world.messageID(0)]!], add: ["$Done"], remove: ["\\Seen"])
        try world.mirror.sync()
        #expect(try world.serverState()["INBOX"]?[world.messageID(0)] == ["$Done"])
        #expect(try world.localState() == world.serverState())
    }

    @Test func aMoveReachesTheServerAndTheRowKeepsItsId() throws {
        let (world, ids) = try synced("amber", count: 2)
        let id = ids[world.messageID(1)]!
        try world.store.moveMessages(ids: [id], to: "Work")
        try world.mirror.sync()
        let server = try world.serverState()
        #expect(server["Work"]?[world.messageID(1)] != nil && server["INBOX"]?[world.messageID(1)] == nil)
        #expect(try world.store.message(id: id).uid != nil)
        #expect(try world.localState() == server)
    }

    @Test func aCopyReachesTheServer() throws {
        let (world, ids) = try synced("amber", count: 2)
        let copy = try world.store.copyMessages(ids: [ids[world.messageID(0)]!], to: "Work")[0]
        try world.mirror.sync()
        let server = try world.serverState()
        #expect(server["Work"]?[world.messageID(0)] != nil && server["INBOX"]?[world.messageID(0)] != nil)
        #expect(try world.store.message(id: copy).uid != nil)
        #expect(try world.localState() == server)
    }

    @Test func aDeleteMovesToTrashOnTheServer() throws {
        let (world, ids) = try synced("amber", count: 2)
        #expect(try world.store.deleteMessages(ids: [ids[world.messageID(0)]!]).movedToTrash == 1)
        try world.mirror.sync()
        let server = try world.serverState()
        #expect(server["Trash"]?[world.messageID(0)] != nil && server["INBOX"]?[world.messageID(0)] == nil)
        #expect(try world.localState() == server)
    }

    @Test func anExpungeRemovesTheMessageOnTheServer() throws {
        let (world, ids) = try synced("amber", count: 2)
        try world.store.expungeMessages(ids: [ids[world.messageID(1)]!])
        try world.mirror.sync()
        let server = try world.serverState()
        #expect(server.values.allSatisfy { $0[world.messageID(1)] == nil } && server["INBOX"]?.count == 1)
        #expect(try world.localState() == server)
    }

    @Test func anAppendOfADraftReachesTheServer() throws {
        let (world, _) = try synced("amber", count: 1)
        let id = try world.store.saveDraft(accountId: try world.store.accountId(named: world.account.name), raw: Data("Message-ID: <d-\(world.token)@x>\r\nSubject: d\r\n\r\nx\r\n".utf8))
        try world.mirror.sync()
        #expect(try world.serverState()["Drafts"]?["d-\(world.token)@x"] == ["\\Seen", "\\Draft"])
        #expect(try world.store.message(id: id).uid != nil)
    }

    @Test func aFolderCreateReachesTheServer() throws {
        let (world, _) = try synced("amber", count: 1)
        try world.store.createFolder(account: world.account.name, name: "Fresh")
        try world.mirror.sync()
        #expect(try world.client.list().contains { $0.name.name == "Fresh" })
        #expect(try world.store.folder(named: "Fresh", account: world.account.name).uidvalidity != nil)
    }

    @Test func aFolderRenameReachesTheServerAndKeepsItsMessages() throws {
        let (world, ids) = try synced("amber", count: 2)
        try world.store.moveMessages(ids: [ids[world.messageID(0)]!], to: "Work")
        try world.mirror.sync()
        try world.store.renameFolder(account: world.account.name, from: "Work", to: "Jobs")
        try world.mirror.sync()
        let names = Set(try world.client.list().map(\.name.name))
        #expect(names.contains("Jobs") && !names.contains("Work"))
        #expect(try world.serverState()["Jobs"]?[world.messageID(0)] != nil)
        #expect(try world.localState() == world.serverState())
    }

    @Test func aFolderDeleteReachesTheServer() throws {
        let (world, _) = try synced("amber", count: 1)
        try world.store.deleteFolder(account: world.account.name, name: "Work")
        try world.mirror.sync()
        #expect(try !world.client.list().contains { $0.name.name == "Work" })
        #expect(throws: StoreError.self) { try world.store.folder(named: "Work", account: world.account.name) }
    }

    @Test func folderOperationsAndDraftsReachTheServer() throws {
        let (world, _) = try synced("amber", count: 2)
        let store = world.store
        let name = world.account.name
        try world.client.execute(.create("Old"))
        try world.mirror.sync()
        try store.createFolder(account: name, name: "Projects")
        try store.renameFolder(account: name, from: "Work", to: "Jobs")
        try store.deleteFolder(account: name, name: "Old")
        let draft = try store.saveDraft(accountId: try store.accountId(named: name), raw: Data("Message-ID: <draft-\(world.token)@x>\r\nSubject: plan\r\n\r\nv1\r\n".utf8))
        try world.mirror.sync()
        let names = Set(try world.client.list().map(\.name.name))
        #expect(names.isSuperset(of: ["Projects", "Jobs", "Drafts"]) && !names.contains("Work") && !names.contains("Old"))
        #expect(try world.serverState()["Drafts"]?["draft-\(world.token)@x"] == ["\\Seen", "\\Draft"])
        #expect(try store.message(id: draft).uid != nil)

        // Reopened and saved again: the server holds the new version only.
        let second = try store.saveDraft(accountId: try store.accountId(named: name), raw: Data("Message-ID: <draft2-\(world.token)@x>\r\nSubject: plan\r\n\r\nv2\r\n".utf8),
                                         replacing: draft)
        try world.mirror.sync()
        let drafts = try world.serverState()["Drafts"] ?? [:]
        #expect(drafts.keys.sorted() == ["draft2-\(world.token)@x"])
        #expect(try store.message(id: second).uid != nil)
        #expect(try world.localState() == world.serverState())
    }

    @Test func operationsOnMessagesGoneFromTheServerAreDroppedAndReported() throws {
        let (world, ids) = try synced("boris", count: 3)
        let store = world.store
        let m = { (index: Int) in ids[world.messageID(index)]! }
        try store.changeFlags(messageIds: [m(0)], add: ["\\Flagged"], remove: [])
        try store.moveMessages(ids: [m(1)], to: "Work")
        // Meanwhile another client expunges both.
        _ = try world.client.select("INBOX")
        let uids = try world.client.uidSearch([.header("Message-ID", world.messageID(0))])
            + world.client.uidSearch([.header("Message-ID", world.messageID(1))])
        try world.client.execute(.uidStore(SequenceSet(uids), StoreOperation(.add, [.deleted], silent: true)))
        try world.client.execute(.expunge)

        let summary = try world.mirror.replayJournal()
        #expect(summary.failed == 2 && summary.applied == 0)
        #expect(summary.problems.count == 2 && summary.problems.allSatisfy { $0.contains("no longer in \"INBOX\"") })
        #expect(try store.journal(accountId: world.accountId).map(\.state) == [.failed, .failed], "kept, with the reason, for the user")
        #expect(throws: StoreError.self) { try store.message(id: m(1)) }
        try world.mirror.sync()
        #expect(try world.localState() == world.serverState())
    }

    @Test func aMoveIntoAFolderDeletedOnTheServerLeavesTheMessageWhereItIs() throws {
        let (world, ids) = try synced("boris", count: 2)
        let store = world.store
        let id = ids[world.messageID(0)]!
        let uid = try store.message(id: id).uid
        try store.moveMessages(ids: [id], to: "Work")
        try world.client.execute(.delete("Work"))

        try world.mirror.sync()
        let entries = try store.journal(accountId: world.accountId)
        #expect(entries.map(\.state) == [.failed])
        #expect(entries.first?.lastError?.contains("\"Work\" no longer exists on the server") == true)
        let back = try store.message(id: id)
        #expect(back.folderId == (try store.folder(named: "INBOX", account: world.account.name)).id && back.uid == uid,
                "the message is back where the server still has it, with its id and UID")
        #expect(try world.localState() == world.serverState())
    }

    @Test func replayConvergesThroughFaultsWithoutDoingAnythingTwice() throws {
        let (world, ids) = try synced("boris", count: 40)
        let store = world.store
        let m = { (index: Int) in ids[world.messageID(index)]! }
        try store.changeFlags(messageIds: (0..<12).map(m), add: ["\\Flagged"], remove: [])
        try store.moveMessages(ids: (12..<24).map(m), to: "Work")
        try store.copyMessages(ids: (24..<32).map(m), to: "Work")
        try store.expungeMessages(ids: (32..<40).map(m))
        try store.createFolder(account: world.account.name, name: "Later")
        let entries = try store.pendingJournal(accountId: world.accountId).count

        // The same account reached through a proxy that breaks each attempt differently.
        let proxy = try FaultProxy(upstreamPort: servers.imapsPort)
        defer { proxy.stop() }
        var account = world.account
        if case var .imap(server) = account.incoming {
            server.port = proxy.port
            account.incoming = .imap(server)
        }
        let mirror = try IMAPMirror(store: store, account: account, secrets: servers.secrets, options: IMAPSyncOptions(timeouts: faultTimeouts))
        // Early offsets: each attempt gets through the login and some entries, then breaks.
        let faults: [Fault] = [.drop(.toClient, at: 4200), .reset(.toServer, at: 1300), .stall(.toClient, at: 4600),
                               .truncate(.toClient, at: 4400), .corrupt(.toClient, at: 4800), .drop(.toServer, at: 1500),
                               .silentAccept, .drop(.toClient, at: 5000)]
        let run = FaultRun.run(proxy, faults: faults, cleanAttempts: 4, stored: { try store.pendingJournal(accountId: world.accountId).count }) {
            defer { mirror.close() }
            try mirror.replayJournal()
        }
        print("fault injection, journal replay of \(entries) entries: \(run.faultsInjected) of \(faults.count) faults took effect\n\(run.summary)")
        #expect(run.converged, "\(run.summary)")
        #expect(run.faultsInjected >= 5, "\(run.summary)")
        #expect(try store.journal(accountId: world.accountId).isEmpty, "nothing dropped, nothing left")

        try world.mirror.sync()
        let server = try world.serverState()
        for index in 0..<12 { #expect(server["INBOX"]?[world.messageID(index)]?.contains("\\Flagged") == true) }
        for index in 12..<24 { #expect(server["Work"]?[world.messageID(index)] != nil && server["INBOX"]?[world.messageID(index)] == nil) }
        for index in 24..<32 { #expect(server["Work"]?[world.messageID(index)] != nil && server["INBOX"]?[world.messageID(index)] != nil) }
        for index in 32..<40 { #expect(server.values.allSatisfy { $0[world.messageID(index)] == nil }) }
        #expect(try world.client.snapshot("Work").count == 20, "each moved or copied message once: \(server["Work"]?.keys.sorted() ?? [])")
        #expect(try world.client.list().contains { $0.name.name == "Later" })
        #expect(try world.localState() == server)
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func aUIDValidityChangeWhileOfflineKeepsLocalChanges() throws {
        let (world, _) = try synced("cyril", count: 1)
        let store = world.store
        try world.client.seed("Box", count: 4, token: world.token, from: 10)
        try world.mirror.sync()
        let box = try store.folder(named: "Box", account: world.account.name)
        var ids: [String: Int64] = [:]
        for message in try store.messages(inFolder: box.id!) { ids[message.headerMessageId!] = message.id! }
        try store.changeFlags(messageIds: [ids[world.messageID(11)]!], add: ["$Offline"], remove: [])
        try store.moveMessages(ids: [ids[world.messageID(12)]!], to: "Work")

        // Meanwhile the server recreates Box with the same messages: a new UIDVALIDITY.
        let old = try world.client.snapshot("Box")
        _ = try world.client.select("INBOX")
        try world.client.execute(.delete("Box"))
        try world.client.execute(.create("Box"))
        for message in old.values.sorted(by: { $0.uid < $1.uid }) {
            try world.client.append(message.raw, to: "Box", flags: message.flags.map { Flag($0) })
        }

        try world.mirror.sync()
        #expect(try store.journal(accountId: world.accountId).isEmpty)
        let server = try world.serverState()
        #expect(server["Box"]?[world.messageID(11)]?.contains("$Offline") == true, "found again by Message-ID under the new UIDVALIDITY")
        #expect(server["Work"]?[world.messageID(12)] != nil && server["Box"]?[world.messageID(12)] == nil)
        #expect(try world.localState() == server)
        #expect(try store.message(id: ids[world.messageID(11)]!).folderId == box.id, "re-matched: the same local row")
        #expect(try store.folder(named: "Box", account: world.account.name).uidvalidity != box.uidvalidity)
    }
}

/// A user's account, a fresh store with its mirror, and a second client on the server.
final class OfflineWorld {
    let user: TestServers.User
    let scratch: ScratchStore
    var store: MailStore { scratch.store }
    let account: AccountConfiguration
    let mirror: IMAPMirror
    let client: IMAPSession
    let accountId: Int64
    let token = UUID().uuidString

    init(servers: TestServers, user: TestServers.User) throws {
        self.user = user
        scratch = try ScratchStore()
        let account = servers.imapAccount(user)
        self.account = account
        mirror = try IMAPMirror(store: scratch.store, account: account, secrets: servers.secrets)
        client = try servers.otherClient(user)
        accountId = try scratch.store.accounts().first { $0.name == account.name }!.id!
    }

    deinit {
        try? client.logout()
        mirror.close()
    }

    func messageID(_ index: Int) -> String { "\(token)-\(index)@example.test" }

    /// Folder → Message-ID → flags, as the server has them (empty folders left out).
    func serverState() throws -> [String: [String: Set<String>]] {
        var state: [String: [String: Set<String>]] = [:]
        for info in try client.list() where !info.has(.noSelect) {
            let snapshot = try client.snapshot(info.name.name)
            guard !snapshot.isEmpty else { continue }
            var folder: [String: Set<String>] = [:]
            for message in snapshot.values {
                let parsed = MailMessageID.of(message.raw)
                folder[parsed] = message.flags
            }
            state[info.name.isInbox ? "INBOX" : info.name.name] = folder
        }
        return state
    }

    /// The same, as the store has it.
    func localState() throws -> [String: [String: Set<String>]] {
        var state: [String: [String: Set<String>]] = [:]
        for summary in try store.folderSummaries(account: account.name) where summary.total > 0 {
            var folder: [String: Set<String>] = [:]
            for message in try store.messages(inFolder: summary.folderId, limit: 100_000) {
                folder[message.headerMessageId ?? ""] = Set(message.flagList)
            }
            state[summary.name] = folder
        }
        return state
    }
}

/// The Message-ID of raw test bytes, without angle brackets.
enum MailMessageID {
    static func of(_ raw: [UInt8]) -> String {
        let text = String(decoding: raw.prefix(4096), as: UTF8.self)
        for line in text.split(separator: "\r\n") where line.lowercased().hasPrefix("message-id:") {
            return line.dropFirst("message-id:".count).trimmingCharacters(in: CharacterSet(charactersIn: " <>"))
        }
        return ""
    }
}
