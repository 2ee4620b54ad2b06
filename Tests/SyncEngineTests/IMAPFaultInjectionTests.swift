import Foundation
import GRDB
import IMAPProtocol
import MailStore
import MerleConfig
import TestSupport
import Transport
import Testing
@testable import SyncEngine

/// The IMAP mirror against the real Dovecot through a `FaultProxy`: each attempt's
/// connection is broken a different way until a sync gets through, then the mirror
/// must equal the server exactly. Each test owns one test user.
@Suite struct IMAPFaultInjectionTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    /// Small batches, so a broken sync has committed some batches and not others.
    static let options: IMAPSyncOptions = {
        var options = IMAPSyncOptions(headerBatchSize: 8, firstScreenHeaders: 8, bodyBatchBytes: 6000, bodyBatchCount: 6,
                                      timeouts: faultTimeouts)
        // A transaction per FETCH, so faults land between commits and progress is kept.
        options.storeBatchBytes = 6000
        return options
    }()

    func account(_ user: TestServers.User, through proxy: FaultProxy) -> AccountConfiguration {
        let imap = ServerConfiguration(host: servers.host, port: proxy.port, tls: .implicit, user: user.name, caFile: servers.caFile)
        return AccountConfiguration(name: "faults-\(user.name)", email: user.email, incoming: .imap(imap))
    }

    @Test func firstSyncConvergesThroughFaults() throws {
        let user = try servers.user("uma")
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        defer { try? client.logout() }
        let token = UUID().uuidString
        try client.seed("INBOX", count: 36, token: token)
        try client.seed("Projects", count: 8, token: token, from: 100)

        let proxy = try FaultProxy(upstreamPort: servers.imapsPort)
        defer { proxy.stop() }
        let account = account(user, through: proxy)
        // A clean sync into a throwaway store measures the traffic, so that the faults
        // below land inside the data (partial progress) and inside the login.
        let witness = try ScratchStore()
        let traffic = try measure(proxy) {
            try IMAPMirror(store: witness.store, account: account, secrets: servers.secrets, options: Self.options)
        }

        let scratch = try ScratchStore()
        let mirror = try IMAPMirror(store: scratch.store, account: account, secrets: servers.secrets, options: Self.options)
        let run = FaultRun.run(proxy, faults: traffic.faults, stored: { try bodies(scratch.store) }) {
            defer { mirror.close() }
            try mirror.sync()
        }
        print("fault injection, IMAP first sync: \(run.faultsInjected) of \(traffic.faults.count) faults took effect\n\(run.summary)")
        run.expectSound("IMAP first sync", minimumInjected: traffic.faults.count)
        run.expectProgressKept(from: 0, to: 44)
        try expectMirrorEqualsServer(scratch.store, account: account, client: client)
    }

    @Test func resyncConvergesThroughFaults() throws {
        let user = try servers.user("rosa")
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        defer { try? client.logout() }
        let token = UUID().uuidString
        let inboxUIDs = try client.seed("INBOX", count: 20, token: token)
        try client.seed("Work", count: 4, token: token, from: 200)

        let proxy = try FaultProxy(upstreamPort: servers.imapsPort)
        defer { proxy.stop() }
        let account = account(user, through: proxy)
        let scratch = try ScratchStore()
        let mirror = try IMAPMirror(store: scratch.store, account: account, secrets: servers.secrets, options: Self.options)
        try mirror.sync()
        mirror.close()
        let witness = try ScratchStore()
        let witnessMirror = try IMAPMirror(store: witness.store, account: account, secrets: servers.secrets, options: Self.options)
        try witnessMirror.sync()
        witnessMirror.close()

        // Another client changes flags, expunges, files new mail and a new folder.
        _ = try client.select(.inbox)
        try client.execute(.uidStore(SequenceSet(inboxUIDs[0..<6]), .add([.seen, "$Label2"])))
        try client.execute(.uidStore(SequenceSet(inboxUIDs[6..<9]), .add([.deleted])))
        try client.execute(.uidExpunge(SequenceSet(inboxUIDs[6..<9])))
        try client.seed("INBOX", count: 24, token: token, from: 300)
        try client.seed("New", count: 6, token: token, from: 400)

        // The witness's clean resync measures the traffic the faults must land in.
        let traffic = try measure(proxy) { witnessMirror }

        let before = try bodies(scratch.store)
        let run = FaultRun.run(proxy, faults: traffic.faults, stored: { try bodies(scratch.store) }) {
            defer { mirror.close() }
            try mirror.sync()
        }
        print("fault injection, IMAP resync: \(run.faultsInjected) of \(traffic.faults.count) faults took effect\n\(run.summary)")
        run.expectSound("IMAP resync", minimumInjected: traffic.faults.count)
        // 3 expunged; 24 new in INBOX and 6 in New.
        run.expectProgressKept(from: before - 3, to: before - 3 + 24 + 6)
        try expectMirrorEqualsServer(scratch.store, account: account, client: client)
    }

    /// A server that trickles a byte every two seconds defeats a per-read timeout; the
    /// answer's deadline drops it (here after 3 s instead of the standard 60), says so,
    /// and the next sync makes the mirror exact.
    @Test func aTricklingServerIsDroppedAndTheMirrorStaysExact() throws {
        let user = try servers.user("ned")
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        defer { try? client.logout() }
        try client.seed("INBOX", count: 30, token: UUID().uuidString)
        let proxy = try FaultProxy(upstreamPort: servers.imapsPort)
        defer { proxy.stop() }
        let account = account(user, through: proxy)
        var options = Self.options
        options.timeouts = Timeouts(connect: 5, io: 30, answer: 3, minimumRate: 1024)
        // Past the TLS handshake and the login, inside the mail.
        proxy.enqueue(.trickle(.toClient, at: 12_000, bytesPerSecond: 0.5))
        let scratch = try ScratchStore()
        let mirror = try IMAPMirror(store: scratch.store, account: account, secrets: servers.secrets, options: options)
        let started = Date()
        var failure: Error?
        do { try mirror.sync() } catch { failure = error }
        let took = Date().timeIntervalSince(started)
        #expect("\(failure.map { String(describing: $0) } ?? "no error")".contains("answered too slowly"), "\(String(describing: failure))")
        #expect(took < 10, "dropped in \(took) s, not after the 30 s read timeout")
        try mirror.sync()
        mirror.close()
        try expectMirrorEqualsServer(scratch.store, account: account, client: client)
    }

    /// Bodies in the store: what a sync has fully downloaded.
    private func bodies(_ store: MailStore) throws -> Int {
        try store.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM message_body") ?? 0 }
    }

    /// Every folder of the mirror equals the server's, message for message and byte
    /// for byte, with no extra rows; the store file is sound.
    private func expectMirrorEqualsServer(_ store: MailStore, account: AccountConfiguration, client: IMAPSession) throws {
        let listed = try client.list()
        #expect(Set(try store.folderSummaries(account: account.name).map(\.name)) == Set(listed.map(\.name.name)))
        for folder in listed.filter({ !$0.has(.noSelect) }).map(\.name.name) {
            let server = try client.snapshot(folder)
            #expect(try store.mirrorSnapshot(account: account.name, folder: folder) == server, "\(folder)")
            let record = try store.folder(named: folder, account: account.name)
            #expect(try store.messages(inFolder: record.id!, limit: 100_000).count == server.count, "no duplicate rows in \(folder)")
        }
        #expect(try store.integrityProblems().isEmpty)
    }

    /// Traffic of a clean sync and of a sync with nothing to do, and faults placed
    /// inside each: the big offsets shrink by half from one attempt to the next, as the
    /// data left to fetch does.
    private struct Traffic {
        var changes: Int
        var idleToClient: Int
        var idleToServer: Int

        var faults: [Fault] {
            [
                .drop(.toClient, at: changes / 2),
                .reset(.toClient, at: changes / 4),
                .truncate(.toClient, at: changes / 8),
                .stall(.toClient, at: changes / 16),
                .corrupt(.toClient, at: idleToClient / 2),
                .drop(.toServer, at: 60),
                .stall(.toServer, at: idleToServer / 2),
                .silentAccept,
                .corrupt(.toServer, at: idleToServer * 3 / 4),
                .delay(.toClient, at: idleToClient / 3, seconds: 0.5),
            ]
        }
    }

    /// Counts a clean sync and then one with nothing left to do, through `proxy`.
    private func measure(_ proxy: FaultProxy, _ mirror: () throws -> IMAPMirror) throws -> Traffic {
        var first = proxy.connections
        let busy = try mirror()
        try busy.sync()
        busy.close()
        let changes = proxy.bytesToClient(fromConnection: first)
        first = proxy.connections
        let idle = try mirror()
        try idle.sync()
        idle.close()
        return Traffic(changes: changes, idleToClient: proxy.bytesToClient(fromConnection: first),
                       idleToServer: proxy.bytesToServer(fromConnection: first))
    }
}
