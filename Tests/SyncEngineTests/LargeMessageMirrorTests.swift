import Foundation
import IMAPProtocol
import MailStore
import TestSupport
import Testing
@testable import SyncEngine

/// Messages above `largeBodyBytes` come in pieces through a temporary file and go into
/// the store a piece at a time, against the real Dovecot. The thresholds are lowered so
/// small messages exercise the path; the benchmark measures memory with a 50 MB one.
@Suite(.serialized) struct LargeMessageMirrorTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    /// A message with a text part holding `word` and a base64 attachment, padded to
    /// exactly `size` bytes.
    static func message(word: String, token: String, size: Int) -> [UInt8] {
        let head = "From: Big <big@example.test>\r\nSubject: large \(token)\r\nMessage-ID: <large-\(size)-\(token)@x>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
            + "The \(word) is in the text.\r\n--b\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Disposition: attachment; filename=data.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        let tail = "\r\n--b--\r\n"
        let line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n"
        var body = String(repeating: line, count: max(0, (size - head.utf8.count - tail.utf8.count) / line.utf8.count))
        let missing = size - head.utf8.count - tail.utf8.count - body.utf8.count
        body += String(repeating: "A", count: missing)
        return Array((head + body + tail).utf8)
    }

    @Test func largeMessagesComeInPiecesByteForByteOnSyncAndOnDemand() throws {
        let user = try servers.user("lara")
        try servers.emptyMailbox(of: user)
        let client = try servers.otherClient(user)
        defer { try? client.logout() }
        let token = UUID().uuidString
        let piece = 16 << 10
        // A piece and a half, exactly three pieces (the last FETCH answers empty), and a small one.
        let sizes = [piece * 3 / 2, piece * 3, 2_000]
        for (index, size) in sizes.enumerated() {
            let raw = index == 2 ? TestMail.message(1, token: token) : Self.message(word: "pomelo\(index)", token: token, size: size)
            _ = try client.append(raw, to: .inbox)
        }
        let server = try client.snapshot("INBOX")
        #expect(server.values.map(\.raw.count).sorted().suffix(2) == [piece * 3 / 2, piece * 3])

        let scratch = try ScratchStore()
        let account = servers.imapAccount(user)
        var options = IMAPSyncOptions()
        options.largeBodyBytes = piece
        options.bodyPieceBytes = piece
        options.firstScreenHeaders = 0  // so the small message comes whole in the one pass
        var events: [IMAPSyncEvent] = []
        let mirror = try IMAPMirror(store: scratch.store, account: account, secrets: servers.secrets, options: options) { events.append($0) }
        let summary = try #require(try mirror.sync().first { $0.folder == "INBOX" })
        #expect(summary.newMessages == 3)
        #expect(summary.bodies == 2, "the small one came whole; the two large ones after the headers, in pieces")
        #expect(events.contains(.bodies(folder: "INBOX", done: 2, total: 2)))
        #expect(try scratch.store.mirrorSnapshot(account: account.name, folder: "INBOX") == server)
        let inbox = try scratch.store.folder(named: "INBOX", account: account.name)
        for message in try scratch.store.messages(inFolder: inbox.id!, limit: 10) {
            let raw = try #require(server[message.uid!]?.raw)
            #expect(message.contentHash == ContentHash.sha256Hex(raw), "hashed piece by piece as whole")
            #expect(message.bodyState == .full)
            #expect(message.hasAttachment == (raw.count > piece))
        }
        _ = try scratch.store.indexPendingBodies(limit: 100)
        #expect(try scratch.store.messageCount(MessageQuery(folderId: inbox.id!, fullTextMatch: "pomelo0 OR pomelo1")) == 2)

        // On demand: the body left on the server comes in pieces when the message is opened.
        let onDemand = try ScratchStore()
        options.bodies = .onDemand
        let lazy = try IMAPMirror(store: onDemand.store, account: account, secrets: servers.secrets, options: options)
        try lazy.sync()
        let lazyInbox = try onDemand.store.folder(named: "INBOX", account: account.name)
        let big = try #require(try onDemand.store.messages(inFolder: lazyInbox.id!, limit: 10).max { $0.size < $1.size })
        #expect(try onDemand.store.rawMessageSize(id: big.id!) == nil)
        try lazy.fetchBody(messageId: big.id!)
        #expect(try onDemand.store.rawMessage(id: big.id!).map { [UInt8]($0) } == server[big.uid!]?.raw)
        #expect(try onDemand.store.message(id: big.id!).contentHash == ContentHash.sha256Hex(server[big.uid!]!.raw))
        #expect(try onDemand.store.integrityProblems().isEmpty)

        // A message larger than the store takes is refused before any connection is made.
        let header = Array("From: <huge@example.test>\r\nSubject: huge\r\n\r\n".utf8)
        try onDemand.store.storeMirrorHeaders(folderId: lazyInbox.id!, [
            MailStore.MirrorHeader(uid: 999_999, flags: [], internalDate: nil, size: Int64(MailStore.maximumBodySize) + 1, bytes: header, isComplete: false),
        ])
        let huge = try #require(try onDemand.store.messages(inFolder: lazyInbox.id!, limit: 10).first { $0.uid == 999_999 })
        #expect(throws: IMAPSyncError.bodyTooLarge(folder: "INBOX", uid: 999_999, limit: MailStore.maximumBodySize)) {
            try lazy.fetchBody(messageId: huge.id!)
        }
    }
}
