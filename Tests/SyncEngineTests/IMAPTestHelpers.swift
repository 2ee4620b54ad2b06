import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import TestSupport
import Transport
@testable import SyncEngine

extension TestServers {
    /// An IMAP account of `user` over implicit TLS, trusting the test CA.
    func imapAccount(_ user: User) -> AccountConfiguration {
        let imap = ServerConfiguration(host: host, port: imapsPort, tls: .implicit, user: user.name, caFile: caFile)
        return AccountConfiguration(name: "imap-\(user.name)", email: user.email, incoming: .imap(imap))
    }

    /// A second IMAP client, as another mail program of the same user would be.
    func otherClient(_ user: User) throws -> IMAPSession {
        try IMAPSession.open(to: Endpoint(host: host, port: imapsPort), tls: TLSSettings(caFile: caFile),
                             configuration: SessionConfiguration(tlsMode: .implicit), credentials: .password(user: user.name, password: user.password))
    }

    /// Empties a user's mailbox over IMAP: every folder but INBOX deleted, INBOX expunged.
    func emptyMailbox(of user: User) throws {
        let client = try otherClient(user)
        defer { try? client.logout() }
        let names = try client.list().map(\.name).filter { !$0.isInbox }
        // Children before parents.
        for name in names.sorted(by: { $0.name.count > $1.name.count }) {
            _ = try client.send(.delete(name))
        }
        let inbox = try client.select(.inbox)
        if inbox.exists > 0 {
            try client.execute(.uidStore(.all, .add([.deleted], silent: true)))
            try client.execute(.expunge)
        }
    }
}

/// Builds distinct test messages: plain, multipart/alternative, an attachment,
/// non-ASCII headers, CRLF line ends.
enum TestMail {
    static func message(_ index: Int, token: String, kind: Int? = nil) -> [UInt8] {
        let id = "<\(token)-\(index)@example.test>"
        let date = "Thu, \(10 + index % 18) Nov 2026 09:\(String(format: "%02d", index % 60)):00 +0100"
        var text = "From: Sender \(index) <sender\(index)@example.test>\r\nTo: someone@example.test\r\n"
        text += "Subject: =?UTF-8?B?\(Data("Grüße \(index) \(token)".utf8).base64EncodedString())?=\r\n"
        text += "Message-ID: \(id)\r\nDate: \(date)\r\nMIME-Version: 1.0\r\n"
        switch (kind ?? index) % 3 {
        case 0:
            text += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            text += "Hello \(index), ünïcödé body.\r\n\(token)\r\n"
        case 1:
            text += "Content-Type: multipart/alternative; boundary=\"b\(index)\"\r\n\r\n"
            text += "--b\(index)\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nPlain \(index)\r\n"
            text += "--b\(index)\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<p>HTML \(index)</p>\r\n--b\(index)--\r\n"
        default:
            text += "Content-Type: multipart/mixed; boundary=\"m\(index)\"\r\n\r\n"
            text += "--m\(index)\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attached \(index).\r\n"
            text += "--m\(index)\r\nContent-Type: application/octet-stream; name=\"data\(index).bin\"\r\n"
            text += "Content-Disposition: attachment; filename=\"data\(index).bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            let blob = Data((0..<600).map { UInt8(truncatingIfNeeded: $0 &* (index + 7)) }).base64EncodedString(options: .lineLength76Characters)
            text += blob.replacingOccurrences(of: "\n", with: "\n") + "\r\n--m\(index)--\r\n"
        }
        return Array(text.utf8)
    }
}

/// What the server holds for a folder, read by the second client.
struct ServerMessage: Equatable {
    var uid: Int64
    var flags: Set<String>
    var size: Int64
    var internalDate: Date?
    var raw: [UInt8]
}

extension IMAPSession {
    /// Every message of `mailbox` with what the mirror must equal.
    func snapshot(_ mailbox: String) throws -> [Int64: ServerMessage] {
        let selected = try select(MailboxName(mailbox), readOnly: true)
        guard selected.exists > 0 else { return [:] }
        var result: [Int64: ServerMessage] = [:]
        for response in try uidFetch(.all, [.uid, .flags, .rfc822Size, .internalDate, .bodySection(.complete, peek: true)]) {
            let uid = Int64(response.uid!)
            result[uid] = ServerMessage(uid: uid, flags: Set(response.mirrorFlags ?? []), size: Int64(response.rfc822Size ?? -1),
                                        internalDate: response.internalDateValue, raw: response.body(.complete) ?? [])
        }
        return result
    }

    /// Appends `count` test messages to `mailbox` (created if missing).
    @discardableResult
    func seed(_ mailbox: String, count: Int, token: String, from first: Int = 0) throws -> [UInt32] {
        _ = try send(.create(MailboxName(mailbox)))
        var uids: [UInt32] = []
        for index in first..<(first + count) {
            let date = InternalDate(year: 2026, month: 11, day: 1 + index % 28, hour: index % 24, minute: index % 60, second: 7, zoneMinutes: 60)
            let flags: [Flag] = index % 4 == 0 ? [.seen] : index % 4 == 1 ? [.flagged, "$Label1"] : []
            if let appended = try append(TestMail.message(index, token: token), to: MailboxName(mailbox), flags: flags, date: date) {
                uids.append(appended.uid)
            }
        }
        return uids
    }
}

extension MailStore {
    /// The mirror of a folder, comparable with `IMAPSession.snapshot`.
    func mirrorSnapshot(account: String, folder: String) throws -> [Int64: ServerMessage] {
        let record = try self.folder(named: folder, account: account)
        var result: [Int64: ServerMessage] = [:]
        for message in try messages(inFolder: record.id!, limit: 1_000_000) {
            guard let uid = message.uid else { continue }
            let raw = try rawMessage(id: message.id!).map { [UInt8]($0) } ?? []
            result[uid] = ServerMessage(uid: uid, flags: Set(message.flagList), size: message.size,
                                        internalDate: message.internalDate, raw: raw)
        }
        return result
    }
}
