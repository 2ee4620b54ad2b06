import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// Watching folders with IDLE (the engine, as the reader and `merle sync --watch` run
/// it) against the real Dovecot: a delivery into a watched
/// folder other than INBOX reaches the mirror within seconds and syncs that folder
/// alone, folders the server lacks are skipped with a reason, and a stop request ends
/// the watching within about a second.
@Suite(.serialized) struct FolderWatchTests {
    static let userName = "nora"
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func message(_ token: String) -> [UInt8] {
        Array("From: <list@example.test>\r\nTo: <x@example.test>\r\nSubject: \(token)\r\nMessage-ID: <\(token)@example.test>\r\n\r\nnew in the list\r\n".utf8)
    }

    @Test func aDeliveryIntoAWatchedFolderIsMirroredWithinFiveSecondsAndSyncsOnlyIt() throws {
        let user = try servers.user(Self.userName)
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        try client.execute(.create(MailboxName("Lists/swift")))
        try client.logout()
        let scratch = try ScratchStore()
        let account = servers.imapAccount(user)
        let log = EventLog<EngineEvent>()
        var options = MailEngine.Options()
        options.watchOnly = ["INBOX", "Lists/swift", "Nowhere"]
        let engine = MailEngine(store: scratch.store, accounts: [account], secrets: servers.secrets, options: options) { log.append($0) }
        engine.start()
        var stopped = false
        defer { if !stopped { engine.stop() } }
        let name = account.name
        #expect(log.wait { $0 == .note(.watching(account: name, folder: "Lists/swift")) }, "\(log.all)")
        #expect(log.wait { $0 == .note(.watching(account: name, folder: "INBOX")) }, "\(log.all)")
        #expect(log.all.contains(.note(.notWatched(account: name, folder: "Nowhere", reason: "the server has no such folder"))))
        // The first syncs after each SELECT are done once both watchers idle and the log is quiet.
        Thread.sleep(forTimeInterval: 0.5)
        let before = log.all.count

        let token = "watch-\(UUID().uuidString)"
        let delivered = Date()
        try servers.deliver(message(token), to: user, folder: "Lists/swift")
        var delay: Double?
        while Date().timeIntervalSince(delivered) < 10 {
            if try !scratch.store.messages(withMessageID: "\(token)@example.test").isEmpty {
                delay = Date().timeIntervalSince(delivered)
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let seconds = try #require(delay, "the delivery never reached the mirror: \(log.all)")
        #expect(seconds < 5)
        let folder = try scratch.store.folder(named: "Lists/swift", account: account.name)
        #expect(try scratch.store.messages(inFolder: folder.id!).map(\.subject) == [token])
        // The row is readable before the sync of that folder ends (bodies come after headers).
        func synced() -> [String] {
            log.all.dropFirst(before).compactMap { event -> String? in
                if case let .note(.folderSynced(_, summary)) = event { return summary.folder }
                return nil
            }
        }
        let finished = Date()
        while synced().isEmpty, Date().timeIntervalSince(finished) < 10 { Thread.sleep(forTimeInterval: 0.02) }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(synced() == ["Lists/swift"], "only the folder that changed was synced: \(log.all.dropFirst(before))")

        stopped = true
        let asked = Date()
        engine.stop()
        let took = Date().timeIntervalSince(asked)
        #expect(took < 2, "a stop request ended the watch in \(took) s")
    }

    @Test func aWatcherInIdleStopsWithinTwoSecondsAndLogsOut() throws {
        let user = try servers.user(Self.userName)
        let reports = ReportLog()
        let account = servers.imapAccount(user)
        let watcher = try #require(FolderWatcher(account: account, folder: "INBOX", secrets: servers.secrets, compression: false,
                                                 renewal: 28 * 60) { reports.append($0) })
        watcher.start()
        #expect(reports.wait { $0.contains(.idling) }, "\(reports.all)")
        let asked = Date()
        watcher.stop()
        #expect(watcher.waitUntilEnded(timeout: 10))
        let took = Date().timeIntervalSince(asked)
        #expect(took < 2, "a stop request ended IDLE in \(took) s, not at the 28-minute renewal")
        #expect(!reports.all.contains { if case .reconnecting = $0 { return true } else { return false } }, "DONE and LOGOUT went cleanly")
    }
}

/// Reports collected from a watcher's thread.
final class ReportLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [FolderWatcher.Report] = []

    func append(_ report: FolderWatcher.Report) { lock.withLock { reports.append(report) } }
    var all: [FolderWatcher.Report] { lock.withLock { reports } }

    func wait(timeout: TimeInterval = 20, until predicate: ([FolderWatcher.Report]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(all) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }
}
