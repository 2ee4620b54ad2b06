import Foundation
import MailStore
import MerleConfig
import POP3Protocol
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// Downloading from the real Dovecot POP3 into the store, with each delete policy.
@Suite(.serialized) struct POP3DownloaderTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func account(_ user: TestServers.User, tls: TLSMode = .implicit, policy: POP3Policy = POP3Policy()) -> AccountConfiguration {
        let port = tls == .implicit ? servers.pop3sPort : servers.pop3Port
        let pop3 = ServerConfiguration(host: servers.host, port: port, tls: tls, user: user.name, caFile: servers.caFile)
        return AccountConfiguration(name: "pop-\(user.name)", email: user.email, incoming: .pop3(pop3), pop3Policy: policy)
    }

    func storedRaw(_ store: MailStore) throws -> [[UInt8]] {
        try store.database.read { db in
            try Data.fetchAll(db, sql: "SELECT raw FROM message_body ORDER BY message_id").map { [UInt8]($0) }
        }
    }

    @Test func downloadsEverythingByteIdenticalThenOnlyWhatIsNew() throws {
        let carol = try servers.user("carol")
        try servers.resetUser("carol")
        try servers.deliver(numberedMessages(5, tag: "first"), to: carol)
        let scratch = try ScratchStore()
        let downloader = POP3Downloader(store: scratch.store, secrets: servers.secrets)

        var progress: [Int] = []
        let first = try downloader.download(account: account(carol, tls: .starttls)) { done, _ in progress.append(done) }
        #expect(first.downloaded == 5)
        #expect(progress == [1, 2, 3, 4, 5])
        let onServer = try servers.rawMessages(of: carol)
        #expect(Set(try storedRaw(scratch.store)) == Set(onServer), "stored bytes equal the server's")

        #expect(try downloader.download(account: account(carol)).downloaded == 0)

        try servers.deliver(numberedMessages(1, tag: "later"), to: carol, alreadyThere: 5)
        #expect(try downloader.download(account: account(carol)).downloaded == 1)
        #expect(try storedRaw(scratch.store).count == 6)
        // Leave-on-server is the default.
        #expect(try servers.rawMessages(of: carol).count == 6)
        let folders = try scratch.store.folderSummaries()
        #expect(folders.map(\.name) == ["INBOX"])
        #expect(folders.first?.total == 6)
        #expect(folders.first?.unread == 6)
    }

    @Test func deleteAfterDownload() throws {
        let ivan = try servers.user("ivan")
        try servers.resetUser("ivan")
        try servers.deliver(numberedMessages(3, tag: "dad"), to: ivan)
        let scratch = try ScratchStore()
        let summary = try POP3Downloader(store: scratch.store, secrets: servers.secrets)
            .download(account: account(ivan, policy: POP3Policy(deleteAfterDownload: true)))
        #expect(summary.downloaded == 3)
        #expect(summary.deletedOnServer == 3)
        #expect(try servers.rawMessages(of: ivan).isEmpty)
        #expect(try storedRaw(scratch.store).count == 3)
    }

    @Test func deleteAfterDays() throws {
        let ivan = try servers.user("ivan")
        try servers.resetUser("ivan")
        try servers.deliver(numberedMessages(2, tag: "days"), to: ivan)
        let scratch = try ScratchStore()
        let downloader = POP3Downloader(store: scratch.store, secrets: servers.secrets)
        let policy = POP3Policy(deleteAfterDays: 2)
        let now = Date()
        #expect(try downloader.download(account: account(ivan, policy: policy), now: now).deletedOnServer == 0)
        #expect(try downloader.download(account: account(ivan, policy: policy), now: now.addingTimeInterval(86_400)).deletedOnServer == 0)
        #expect(try servers.rawMessages(of: ivan).count == 2)
        #expect(try downloader.download(account: account(ivan, policy: policy), now: now.addingTimeInterval(3 * 86_400)).deletedOnServer == 2)
        #expect(try servers.rawMessages(of: ivan).isEmpty)
        #expect(try storedRaw(scratch.store).count == 2, "local copies stay")
    }

    @Test func deleteWhenDeletedLocally() throws {
        let judy = try servers.user("judy")
        try servers.resetUser("judy")
        try servers.deliver(numberedMessages(2, tag: "local"), to: judy)
        let scratch = try ScratchStore()
        let downloader = POP3Downloader(store: scratch.store, secrets: servers.secrets)
        let policy = POP3Policy(deleteWhenDeletedLocally: true)
        #expect(try downloader.download(account: account(judy, policy: policy)).downloaded == 2)
        let inbox = try scratch.store.folder(named: "INBOX")
        let first = try #require(try scratch.store.messages(inFolder: inbox.id!).first)
        try scratch.store.deleteMessageLocally(id: first.id!)
        let summary = try downloader.download(account: account(judy, policy: policy))
        #expect(summary.downloaded == 0, "a locally deleted message is not downloaded again")
        #expect(summary.deletedOnServer == 1)
        #expect(try servers.rawMessages(of: judy).count == 1)
    }

    @Test func wrongPasswordIsAClearError() throws {
        let judy = try servers.user("judy")
        let scratch = try ScratchStore()
        let downloader = POP3Downloader(store: scratch.store, secrets: { _, _ in "wrong" })
        #expect {
            try downloader.download(account: account(judy))
        } throws: { error in
            "\(error)".contains("refused the login")
        }
    }
}
