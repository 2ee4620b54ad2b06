import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// The engine's IDLE watchers against the real Dovecot: the folder the UI has open is
/// watched besides the `watch` folders, a watcher follows the UI to the next folder,
/// and the offline switch and a stop end the watchers within about a second.
@Suite(.serialized) struct MailEngineWatchTests {
    static let userName = "otto"
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func message(_ token: String) -> [UInt8] {
        Array("From: <a@example.test>\r\nSubject: \(token)\r\nMessage-ID: <\(token)@example.test>\r\n\r\nhello\r\n".utf8)
    }

    /// An engine for the user whose only `watch` folder is INBOX and whose poll is an
    /// hour away, so only IDLE can bring new mail in time.
    func startEngine(_ scratch: ScratchStore, log: EventLog<EngineEvent>) throws -> (MailEngine, AccountConfiguration, TestServers.User) {
        let user = try servers.user(Self.userName)
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        try client.execute(.create(MailboxName("Projects")))
        try client.logout()
        let account = servers.imapAccount(user)
        var options = MailEngine.Options()
        options.pollInterval = 3600
        let engine = MailEngine(store: scratch.store, accounts: [account], secrets: servers.secrets, options: options) { log.append($0) }
        engine.start()
        return (engine, account, user)
    }

    @Test func theOpenFolderIsWatchedAndTheWatcherFollowsTheUI() throws {
        let scratch = try ScratchStore()
        let log = EventLog<EngineEvent>()
        let (engine, account, user) = try startEngine(scratch, log: log)
        defer { engine.stop() }
        #expect(log.wait { $0 == .connection(account: account.name, .online) }, "\(log.all)")
        let inbox = WatchKey(account: account.name, folder: "INBOX"), projects = WatchKey(account: account.name, folder: "Projects")
        #expect(waitUntil { engine.watchedFolders == [inbox] }, "the watch folder only: \(engine.watchedFolders)")

        engine.send(.folderOpened(account: account.name, folder: "Projects"))
        #expect(waitUntil { Set(engine.watchedFolders) == [inbox, projects] }, "\(engine.watchedFolders)")
        Thread.sleep(forTimeInterval: 1)  // the new watcher selects and enters IDLE
        let token = "open-\(UUID().uuidString)"
        let delivered = Date()
        try servers.deliver(message(token), to: user, folder: "Projects")
        #expect(try waitUntil(timeout: 10) { try !scratch.store.messages(withMessageID: "\(token)@example.test").isEmpty },
                "the open folder's watcher saw the delivery: \(log.all)")
        #expect(Date().timeIntervalSince(delivered) < 5)
        let folder = try scratch.store.folder(named: "Projects", account: account.name)
        #expect(try scratch.store.messages(inFolder: folder.id!).map(\.subject) == [token])

        // The UI opens INBOX: the Projects watcher ends, INBOX's stays the only one.
        engine.send(.folderOpened(account: account.name, folder: "INBOX"))
        #expect(waitUntil(timeout: 5) { engine.watchedFolders == [inbox] }, "\(engine.watchedFolders)")
        #expect(waitUntil(timeout: 2) { engine.runningWatcherCount == 1 }, "the old watcher ended: \(engine.runningWatcherCount)")
    }

    @Test func theOfflineSwitchAndAStopEndTheWatchersWithinTwoSeconds() throws {
        let scratch = try ScratchStore()
        let log = EventLog<EngineEvent>()
        let (engine, account, _) = try startEngine(scratch, log: log)
        defer { engine.stop() }
        #expect(log.wait { $0 == .connection(account: account.name, .online) }, "\(log.all)")
        engine.send(.folderOpened(account: account.name, folder: "Projects"))
        #expect(waitUntil { engine.runningWatcherCount == 2 }, "\(engine.watchedFolders)")
        Thread.sleep(forTimeInterval: 1)  // both in IDLE

        var asked = Date()
        engine.send(.setOffline(true))
        #expect(waitUntil(timeout: 10) { engine.runningWatcherCount == 0 })
        #expect(Date().timeIntervalSince(asked) < 2, "switched off, the watchers left IDLE at once")
        #expect(engine.watchedFolders.isEmpty)

        engine.send(.setOffline(false))
        #expect(waitUntil { engine.runningWatcherCount == 2 }, "back online, both watch again")
        Thread.sleep(forTimeInterval: 1)
        asked = Date()
        engine.stop(timeout: 10)
        let took = Date().timeIntervalSince(asked)
        #expect(took < 2, "the engine and its watchers stopped in \(took) s")
        #expect(engine.runningWatcherCount == 0)
    }
}
