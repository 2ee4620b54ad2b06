import Foundation
import GRDB
import IMAPProtocol
@testable import MailStore
import MerleConfig
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// A full disk, made with SQLite's own limit (`PRAGMA max_page_count` on the store's
/// writer connection) and the body packs' (`BodyPacks.limitRoom`), since a small tmpfs
/// needs root: the download stops with an error
/// that says the store is full, everything stored before is intact, the file is sound,
/// and once there is room again the next run finishes with nothing twice.
@Suite struct FullStoreTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    @Test func aFullStoreStopsPOP3AndIMAPClearlyAndKeepsWhatWasStored() throws {
        let user = try servers.user("quinn")
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        defer { try? client.logout() }
        let token = UUID().uuidString
        try seed(client, token: token, 0..<8)

        // Both stores first hold the first 8 messages, stored before the disk fills.
        let pop3Store = try ScratchStore()
        let pop3 = ServerConfiguration(host: servers.host, port: servers.pop3sPort, tls: .implicit, user: user.name, caFile: servers.caFile)
        let pop3Account = AccountConfiguration(name: "full-pop3", email: user.email, incoming: .pop3(pop3))
        let downloader = POP3Downloader(store: pop3Store.store, secrets: servers.secrets)
        _ = try downloader.download(account: pop3Account)
        let imapStore = try ScratchStore()
        let options = IMAPSyncOptions(headerBatchSize: 4, firstScreenHeaders: 4, bodyBatchCount: 4, folders: ["INBOX"])
        let mirror = try IMAPMirror(store: imapStore.store, account: servers.imapAccount(user), secrets: servers.secrets, options: options)
        defer { mirror.close() }
        try mirror.sync()
        let before = try storedRaw(pop3Store.store)
        #expect(try before.count == 8 && Set(storedRaw(imapStore.store)) == Set(before))

        try seed(client, token: token, 8..<24)
        let onServer = try servers.rawMessages(of: user)
        // Room for about half of the new mail: what all of it takes, measured on witnesses.
        let pop3Room = try roomUsed { _ = try POP3Downloader(store: $0, secrets: servers.secrets).download(account: pop3Account) }
        let imapRoom = try roomUsed { store in
            let witness = try IMAPMirror(store: store, account: servers.imapAccount(user), secrets: servers.secrets, options: options)
            defer { witness.close() }
            try witness.sync()
        }

        // POP3: whatever was committed stays, each message with its UIDL.
        try limitGrowth(of: pop3Store.store, to: pop3Room, divided: 3)
        let pop3Error = try require(throwing: { _ = try downloader.download(account: pop3Account) })
        let partial = try storedRaw(pop3Store.store)
        print("full store, POP3 (room for a third of \(pop3Room)): \(partial.count) of \(onServer.count) stored: \(pop3Error)")
        #expect(Self.saysStoreIsFull(pop3Error), "\(pop3Error)")
        #expect(partial.count < onServer.count, "the disk filled part way")
        #expect(Set(before).isSubset(of: Set(partial)), "every message stored before is intact")
        #expect(Set(partial).isSubset(of: Set(onServer)) && Set(partial).count == partial.count, "nothing half-stored, nothing twice")
        let uidls = try pop3Store.store.pop3Downloads(accountId: try pop3Store.store.accounts()[0].id!)
        #expect(uidls.count == partial.count, "each stored message has its UIDL and no UIDL lacks its message")
        #expect(try pop3Store.store.integrityProblems().isEmpty)

        try liftLimit(of: pop3Store.store)
        #expect(try downloader.download(account: pop3Account).downloaded == onServer.count - partial.count)
        let complete = try storedRaw(pop3Store.store)
        #expect(complete.count == onServer.count && Set(complete) == Set(onServer))
        #expect(try pop3Store.store.integrityProblems().isEmpty)

        // IMAP: batches are transactions, and uidnext moves only when a folder is complete.
        try limitGrowth(of: imapStore.store, to: imapRoom, divided: 3)
        let imapError = try require(throwing: { try mirror.sync() })
        let bodies = try storedRaw(imapStore.store)
        print("full store, IMAP (room for a third of \(imapRoom)): \(bodies.count) of \(onServer.count) bodies stored: \(imapError)")
        #expect(Self.saysStoreIsFull(imapError), "\(imapError)")
        #expect(bodies.count < onServer.count, "the disk filled part way")
        #expect(Set(before).isSubset(of: Set(bodies)), "every message stored before is intact")
        #expect(Set(bodies).isSubset(of: Set(onServer)) && Set(bodies).count == bodies.count)
        #expect(try imapStore.store.integrityProblems().isEmpty)

        try liftLimit(of: imapStore.store)
        try mirror.sync()
        let account = servers.imapAccount(user).name
        #expect(try imapStore.store.mirrorSnapshot(account: account, folder: "INBOX") == client.snapshot("INBOX"))
        #expect(try imapStore.store.integrityProblems().isEmpty)
    }

    /// Appends messages of about 10 KB, so that each takes pages of its own and the
    /// room left decides how many fit (small ones share pages).
    private func seed(_ client: IMAPSession, token: String, _ indexes: Range<Int>) throws {
        for index in indexes {
            let padding = (0..<40).map { line in (0..<20).map { "word\(index)x\(line)y\($0)" }.joined(separator: " ") + "\r\n" }.joined()
            _ = try client.append(TestMail.message(index, token: token, kind: 0) + Array(padding.utf8), to: .inbox)
        }
    }

    /// The error says the store (or disk) is full, in words.
    static func saysStoreIsFull(_ error: any Error) -> Bool {
        let text = "\(error)".lowercased()
        return text.contains("full") && (text.contains("disk") || text.contains("store") || text.contains("database"))
    }

    /// What `body` adds to a fresh store: pages of the store file and bytes of body
    /// packs. Measured, so the limit follows the schema and the messages rather than a
    /// number that goes stale.
    private func roomUsed(_ body: (MailStore) throws -> Void) throws -> (pages: Int, packBytes: Int64) {
        let witness = try ScratchStore()
        let pageCount = { try witness.store.reader.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 } }
        let packBytes = { witness.store.bodies.packs().reduce(0) { $0 + $1.size } }
        let (pages, bytes) = (try pageCount(), packBytes())
        try body(witness.store)
        return (try pageCount() - pages, packBytes() - bytes)
    }

    /// Lets the store file grow by `used.pages / divisor` pages at most (on the pool's one
    /// writer), and the body packs by `used.packBytes / divisor` bytes.
    private func limitGrowth(of store: MailStore, to used: (pages: Int, packBytes: Int64), divided divisor: Int) throws {
        try store.database.writeWithoutTransaction { db in
            let current = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(current + used.pages / divisor)")
        }
        store.bodies.limitRoom(to: used.packBytes / Int64(divisor))
    }

    private func liftLimit(of store: MailStore) throws {
        try store.database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
        store.bodies.limitRoom(to: nil)
    }

    private func storedRaw(_ store: MailStore) throws -> [[UInt8]] {
        try store.allRawBodies()
    }
}

/// The error `body` throws; a test failure when it throws none.
private func require(throwing body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws -> any Error {
    do {
        try body()
    } catch {
        return error
    }
    Issue.record("no error was thrown", sourceLocation: sourceLocation)
    throw TestSupportError("expected an error")
}
