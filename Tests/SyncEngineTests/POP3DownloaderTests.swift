import Foundation
import GRDB
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
        try store.allRawBodies()
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

    /// What a download stores for a message, column by column, is what the IMAP mirror
    /// stores for the same bytes: the batched insert names its columns itself, so a
    /// column it forgot would show here. Plain, alternative, attachment, HTML only and
    /// an 8-bit header.
    @Test func storesWhatTheMirrorStoresForTheSameBytes() throws {
        let carol = try servers.user("carol")
        try servers.resetUser("carol")
        let token = UUID().uuidString
        let head = "From: Zoë <zoe@example.test>\r\nTo: <\(carol.email)>, Bob <bob@example.test>\r\nCc: <cc@example.test>\r\n"
            + "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <same-\(token)@example.test>\r\nMIME-Version: 1.0\r\n"
        let messages = [
            head + "Subject: plain \(token)\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGrüße aus Köln\r\n",
            head + "Subject: =?utf-8?q?alternative_=C3=BC?=\r\nIn-Reply-To: <parent@example.test>\r\nReferences: <root@example.test> <parent@example.test>\r\n"
                + "Content-Type: multipart/alternative; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nplain words\r\n"
                + "--b1\r\nContent-Type: text/html\r\n\r\n<p>html <b>words</b></p>\r\n--b1--\r\n",
            head + "Subject: attachment\r\nContent-Type: multipart/mixed; boundary=b2\r\n\r\n--b2\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                + "--b2\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b2--\r\n",
            head + "Subject: html only\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>only <i>html</i></p></body></html>\r\n",
            head + "Subject: 8-bit Grüße\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nbody\r\n",
        ]
        try servers.deliver(messages.map { Data($0.utf8) }, to: carol)
        let scratch = try ScratchStore()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try POP3Downloader(store: scratch.store, secrets: servers.secrets).download(account: account(carol), now: now).downloaded == 5)

        let downloaded = try scratch.store.folder(named: "INBOX")
        let mirror = try scratch.store.ensureFolder(accountId: downloaded.accountId, name: "Mirror")
        let stored = try scratch.store.messages(inFolder: downloaded.id!).sorted { $0.uid! < $1.uid! }
        #expect(stored.map(\.uid) == [1, 2, 3, 4, 5], "local UIDs in download order")
        let raws = try storedRaw(scratch.store)
        try scratch.store.storeMirrorHeaders(folderId: mirror.id!, raws.enumerated().map { index, raw in
            MailStore.MirrorHeader(uid: Int64(index + 1), flags: [], internalDate: now, size: Int64(raw.count), bytes: raw, isComplete: true)
        })
        let mirrored = try scratch.store.messages(inFolder: mirror.id!).sorted { $0.uid! < $1.uid! }
        #expect(mirrored.count == stored.count)
        // Both queue their bodies for the search index; once indexed, the rows match.
        #expect(try scratch.store.pendingSearchBodies() == 2 * stored.count)
        #expect(try scratch.store.indexPendingBodies(limit: 100) == 0)
        // (Delivery order is not guaranteed: find the plain message by its subject.)
        let plain = try #require(stored.first { $0.subject.hasPrefix("plain ") })
        #expect(try searchRow(scratch.store, plain.id!)[2].contains("Köln"))
        for (pop3, imap) in zip(stored, mirrored) {
            var expected = imap
            expected.id = pop3.id
            expected.folderId = pop3.folderId
            #expect(pop3 == expected)
            #expect(try searchRow(scratch.store, pop3.id!) == searchRow(scratch.store, imap.id!))
        }
        #expect(stored.filter(\.hasAttachment).count == 1)
        #expect(try scratch.store.integrityProblems().isEmpty)
    }

    func searchRow(_ store: MailStore, _ id: Int64) throws -> [String] {
        try store.reader.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT subject, addresses, body FROM message_fts WHERE rowid = ?", arguments: [id])
            return ["subject", "addresses", "body"].map { (row?[$0] as String?) ?? "(none)" }
        }
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
