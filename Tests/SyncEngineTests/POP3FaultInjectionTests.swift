import Foundation
import GRDB
import MailStore
import MerleConfig
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// POP3 downloads from the real Dovecot through a `FaultProxy`: each attempt's
/// connection is broken a different way until a download gets through; then the store
/// holds every message of the server exactly once. Each test owns one test user.
@Suite struct POP3FaultInjectionTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func account(_ user: TestServers.User, through proxy: FaultProxy, tls: TLSMode, policy: POP3Policy = POP3Policy()) -> AccountConfiguration {
        let pop3 = ServerConfiguration(host: servers.host, port: proxy.port, tls: tls, user: user.name, caFile: servers.caFile)
        return AccountConfiguration(name: "faults-\(user.name)", email: user.email, incoming: .pop3(pop3), pop3Policy: policy)
    }

    func downloader(_ store: MailStore) -> POP3Downloader {
        var downloader = POP3Downloader(store: store, secrets: servers.secrets)
        downloader.timeouts = faultTimeouts
        return downloader
    }

    /// STARTTLS, so the greeting and the STLS exchange are plain text: corruption there
    /// reaches the POP3 reply parser, not only TLS's integrity check.
    @Test func leaveOnServerConvergesThroughFaults() throws {
        let user = try servers.user("vera")
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        try client.seed("INBOX", count: 30, token: UUID().uuidString)
        try client.logout()
        let onServer = try servers.rawMessages(of: user)

        let proxy = try FaultProxy(upstreamPort: servers.pop3Port)
        defer { proxy.stop() }
        let account = account(user, through: proxy, tls: .starttls)
        let traffic = try measure(proxy, account: account)
        // Plain text before STLS: the greeting, CAPA and its listing, then STLS.
        let greeting = traffic.idleEntries.first { $0.direction == .toClient }?.end ?? 0
        let faults: [Fault] = [
            .drop(.toClient, at: traffic.download / 2),
            .reset(.toClient, at: traffic.download / 4),
            .truncate(.toClient, at: traffic.download / 8),
            .stall(.toClient, at: traffic.download / 16),
            .corrupt(.toClient, at: 0),                          // "+OK" of the greeting
            .corrupt(.toServer, at: "CAPA\r\n".utf8.count),      // the STLS command
            .silentAccept,
            .stall(.toServer, at: traffic.idleToServer / 2),
            .corrupt(.toClient, at: traffic.idleToClient / 2),
            .drop(.toClient, at: greeting),
            .delay(.toClient, at: traffic.idleToClient / 3, seconds: 0.5),
        ]
        let scratch = try ScratchStore()
        let downloader = downloader(scratch.store)
        let run = FaultRun.run(proxy, faults: faults, stored: { try stored(scratch.store).count }) {
            _ = try downloader.download(account: account)
        }
        print("fault injection, POP3 download (\(traffic.download) bytes to the client): \(run.faultsInjected) of \(faults.count) faults took effect\n\(run.summary)")
        run.expectSound("POP3 download", minimumInjected: faults.count)
        let progress = run.attempts.map(\.stored)
        #expect(progress[0] > 0 && progress[0] < onServer.count, "the first drop came halfway: \(progress)")
        #expect(progress == progress.sorted(), "nothing stored is lost by a later fault: \(progress)")

        let local = try stored(scratch.store)
        #expect(local.count == onServer.count, "nothing duplicated")
        #expect(Set(local) == Set(onServer), "nothing lost, byte for byte")
        #expect(try servers.rawMessages(of: user).count == onServer.count, "leave-on-server deleted nothing")
        #expect(try scratch.store.integrityProblems().isEmpty)
    }

    /// Delete after download: faults in the middle of the DELE commands (before QUIT
    /// commits them) must neither lose a message nor download one twice.
    @Test func deleteAfterDownloadConvergesThroughFaults() throws {
        let user = try servers.user("tara")
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        try client.seed("INBOX", count: 16, token: UUID().uuidString)
        try client.logout()
        let original = try servers.rawMessages(of: user)

        let proxy = try FaultProxy(upstreamPort: servers.pop3sPort)
        defer { proxy.stop() }
        // Measured leaving the mail on the server; deleting sends the same bytes up to
        // QUIT, with the DELE commands where QUIT was.
        let traffic = try measure(proxy, account: account(user, through: proxy, tls: .implicit))
        let account = account(user, through: proxy, tls: .implicit, policy: POP3Policy(deleteAfterDownload: true))
        let faults: [Fault] = [
            .drop(.toServer, at: traffic.fullQuitOffset + 40),   // all downloaded, the second DELE cut
            .reset(.toClient, at: traffic.idleToClient / 2),
            .corrupt(.toServer, at: traffic.idleQuitOffset + 10), // the first DELE
            .truncate(.toServer, at: traffic.idleQuitOffset + 70),
        ]
        let scratch = try ScratchStore()
        let downloader = downloader(scratch.store)
        let run = FaultRun.run(proxy, faults: faults, stored: { try stored(scratch.store).count }) {
            _ = try downloader.download(account: account)
        }
        print("fault injection, POP3 delete after download: \(run.faultsInjected) of \(faults.count) faults took effect\n\(run.summary)")
        run.expectSound("POP3 delete after download", minimumInjected: faults.count)
        #expect(run.attempts[0].stored == original.count, "the first fault came after every message was stored")
        #expect(try servers.rawMessages(of: user).isEmpty, "deleted once the download was safe")
        let local = try stored(scratch.store)
        #expect(local.count == original.count && Set(local) == Set(original), "nothing lost, nothing twice")
        let uidls = try scratch.store.pop3Downloads(accountId: try scratch.store.accounts()[0].id!)
        #expect(uidls.count == original.count && uidls.values.allSatisfy(\.deletedOnServer))
        #expect(try scratch.store.integrityProblems().isEmpty)
    }

    func stored(_ store: MailStore) throws -> [[UInt8]] {
        try store.allRawBodies()
    }

    /// Bytes of a clean full download and of one with nothing new, into a throwaway store.
    struct Traffic {
        var download: Int
        var idleToClient: Int
        var idleToServer: Int
        var idleEntries: [TranscriptEntry]
        /// Where QUIT starts toward the server: a run that deletes sends DELE there.
        var fullQuitOffset: Int
        var idleQuitOffset: Int
    }

    func measure(_ proxy: FaultProxy, account: AccountConfiguration) throws -> Traffic {
        let scratch = try ScratchStore()
        let full = proxy.connections
        _ = try downloader(scratch.store).download(account: account)
        let download = proxy.bytesToClient(fromConnection: full)
        let idle = proxy.connections
        _ = try downloader(scratch.store).download(account: account)
        return Traffic(download: download, idleToClient: proxy.bytesToClient(fromConnection: idle),
                       idleToServer: proxy.bytesToServer(fromConnection: idle), idleEntries: proxy.transcript(ofConnection: idle),
                       fullQuitOffset: Self.quitOffset(proxy.transcript(ofConnection: full)),
                       idleQuitOffset: Self.quitOffset(proxy.transcript(ofConnection: idle)))
    }

    /// The session ends with QUIT, the server's +OK, then TLS's close_notify: QUIT
    /// starts where the client's third-last chunk ended.
    static func quitOffset(_ transcript: [TranscriptEntry]) -> Int {
        let toServer = transcript.filter { $0.direction == .toServer }
        return toServer.count >= 3 ? toServer[toServer.count - 3].end : 0
    }
}
