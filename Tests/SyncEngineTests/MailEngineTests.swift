import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// The engine behind the TUI against the real Dovecot, reached through a fault proxy
/// that can make the server unreachable: actions apply at once offline, the engine
/// notices going offline and coming back by itself, and the journal then reaches the server.
@Suite(.serialized) struct MailEngineTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func setUp(_ name: String) throws -> (TestServers.User, FaultProxy, AccountConfiguration, ScratchStore, String) {
        let user = try servers.user(name)
        try servers.emptyMailbox(of: user)
        let token = UUID().uuidString
        let client = try servers.otherClient(user)
        try client.seed("INBOX", count: 3, token: token)
        try client.execute(.create("Work"))
        try client.logout()
        let proxy = try FaultProxy(upstreamPort: servers.imapsPort)
        var account = servers.imapAccount(user)
        if case var .imap(server) = account.incoming {
            server.port = proxy.port
            account.incoming = .imap(server)
        }
        return (user, proxy, account, try ScratchStore(), token)
    }

    @Test func actionsWorkOfflineAndReachTheServerWhenItComesBack() throws {
        let (user, proxy, account, scratch, token) = try setUp("fiona")
        defer { proxy.stop() }
        let log = EventLog<EngineEvent>()
        var options = MailEngine.Options()
        options.maxRetryDelay = 1
        let engine = MailEngine(store: scratch.store, accounts: [account], secrets: servers.secrets, options: options) { log.append($0) }
        engine.start()
        defer { engine.stop() }
        #expect(log.wait { $0 == .connection(account: account.name, .online) }, "\(log.all)")
        let inbox = try scratch.store.folder(named: "INBOX", account: account.name)
        #expect(try waitUntil { try scratch.store.messages(inFolder: inbox.id!).count == 3 })
        let ids = Dictionary(uniqueKeysWithValues: try scratch.store.messages(inFolder: inbox.id!).map { ($0.headerMessageId!, $0.id!) })

        // The server becomes unreachable: open sessions are dropped, new ones cut at once.
        proxy.enqueue(contentsOf: Array(repeating: .drop(.toClient, at: 0), count: 1000))
        try servers.kick(user)
        engine.send(.syncNow)
        #expect(log.wait { event in
            if case let .connection(name, .offline(reason, _)) = event { return name == account.name && !reason.isEmpty }
            return false
        }, "the engine noticed by itself: \(log.all)")

        // Offline, the actions apply at once and wait in the journal.
        let flagged = ids["\(token)-2@example.test"]!, moved = ids["\(token)-1@example.test"]!
        engine.send(.setFlags(ids: [flagged], add: ["\\Flagged"], remove: []))
        engine.send(.move(ids: [moved], folder: "Work"))
        #expect(try waitUntil(timeout: 5) { try scratch.store.message(id: moved).folderId != inbox.id })
        #expect(try scratch.store.message(id: flagged).hasFlag("\\Flagged"))
        #expect(log.wait { $0 == .done("Moved 1 message to Work.") })
        let accountId = try scratch.store.accounts()[0].id!
        #expect(try scratch.store.pendingJournal(accountId: accountId).count == 2)

        // The server comes back: the engine reconnects by itself and replays.
        proxy.discardQueued()
        let onlineEvents = log.all.filter { $0 == .connection(account: account.name, .online) }.count
        #expect(log.wait(timeout: 30) { _ in log.all.filter { $0 == .connection(account: account.name, .online) }.count > onlineEvents },
                "back online: \(log.all)")
        #expect(try waitUntil { try scratch.store.pendingJournal(accountId: accountId).isEmpty })
        let checker = try servers.otherClient(user)
        defer { try? checker.logout() }
        _ = try checker.select("Work")
        #expect(try checker.uidSearch([.header("Message-ID", "\(token)-1@example.test")]).count == 1)
        _ = try checker.select("INBOX")
        #expect(try checker.uidSearch([.flagged, .header("Message-ID", "\(token)-2@example.test")]).count == 1)
    }

    @Test func theOfflineSwitchKeepsTheEngineFromConnecting() throws {
        let (_, proxy, account, scratch, _) = try setUp("gus")
        defer { proxy.stop() }
        // A folder made while switched off, before the first sync ever happened.
        _ = try scratch.store.ensureAccount(name: account.name, kind: .imap, email: account.email)
        let log = EventLog<EngineEvent>()
        var options = MailEngine.Options()
        options.startOffline = true
        let engine = MailEngine(store: scratch.store, accounts: [account], secrets: servers.secrets, options: options) { log.append($0) }
        engine.start()
        defer { engine.stop() }
        engine.send(.createFolder(account: account.name, name: "Plane"))
        #expect(log.wait { $0 == .done("Created folder Plane.") })
        Thread.sleep(forTimeInterval: 0.5)
        #expect(proxy.connections == 0, "switched off: no connection at all")
        #expect(log.all.contains(.connection(account: account.name, .offlineByChoice)))

        engine.send(.setOffline(false))
        #expect(log.wait { $0 == .connection(account: account.name, .online) }, "\(log.all)")
        #expect(try waitUntil { try scratch.store.pendingJournal(accountId: scratch.store.accounts()[0].id!).isEmpty })
        #expect(try scratch.store.folder(named: "Plane", account: account.name).uidvalidity != nil, "created on the server and synced")

        // New mail shows within seconds although the next poll is minutes away: IDLE.
        let inbox = try scratch.store.folder(named: "INBOX", account: account.name)
        let before = try scratch.store.messages(inFolder: inbox.id!).count
        Thread.sleep(forTimeInterval: 0.5)  // the watcher enters IDLE
        let client = try servers.otherClient(try servers.user("gus"))
        defer { try? client.logout() }
        try client.append(TestMail.message(50, token: UUID().uuidString), to: .inbox)
        #expect(try waitUntil(timeout: 10) { try scratch.store.messages(inFolder: inbox.id!).count == before + 1 },
                "the watcher's IDLE saw the new message")
    }

    @Test func theServerSearchesBodiesThatAreNotHere() throws {
        let (_, proxy, configured, scratch, token) = try setUp("fiona")
        var account = configured
        account.bodies = .onDemand
        defer { proxy.stop() }
        let client = try servers.otherClient(try servers.user("fiona"))
        defer { try? client.logout() }
        let word = "zanzibar\(UUID().uuidString.prefix(6).lowercased())"
        let raw = "From: <a@example.test>\r\nSubject: plain subject\r\nMessage-ID: <s-\(token)@x>\r\n\r\nThe secret word is \(word).\r\n"
        try client.append(Array(raw.utf8), to: .inbox)
        let log = EventLog<EngineEvent>()
        let engine = MailEngine(store: scratch.store, accounts: [account], secrets: servers.secrets) { log.append($0) }
        engine.start()
        defer { engine.stop() }
        #expect(log.wait { $0 == .connection(account: account.name, .online) }, "\(log.all)")
        let inbox = try scratch.store.folder(named: "INBOX", account: account.name)
        let target = try #require(try scratch.store.messages(withMessageID: "s-\(token)@x").first)
        #expect(try scratch.store.rawMessage(id: target.id!) == nil, "the body stayed on the server")
        #expect(try scratch.store.messageCount(MessageQuery(folderId: inbox.id!, fullTextMatch: "\"\(word)\"")) == 0, "so the local index cannot see it")

        let search = ServerSearch(text: [word])
        engine.send(.serverSearch(folderId: inbox.id!, search: search))
        #expect(log.wait { $0 == .serverSearchResults(folderId: inbox.id!, search: search, ids: [target.id!]) }, "\(log.all)")
    }
}

extension FaultProxy {
    func enqueue(contentsOf faults: [Fault]) {
        for fault in faults { enqueue(fault) }
    }
}
