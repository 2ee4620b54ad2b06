import Foundation
import GRDB
import IMAPProtocol
import MailStore
import MerleConfig
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// A scripted IMAP server (HostileIMAPServer) whose LIST names are attacks on a client
/// that builds paths or shell commands from them (CVE-2018-14355, CVE-2018-14357,
/// CVE-2021-20247) or that sends them back unquoted. The mirror must store them as
/// data, select each by its own name with no control character sent back raw, and
/// send nothing else.
@Suite struct IMAPHostileServerTests {
    /// Created by any of the names below if one ever reached a shell or a file path.
    static let trap = "/tmp/merle-hostile-list-\(getpid())"

    /// Names as the server lists them; the literal hides a line break and a second command.
    static let injected = "x\r\nA9 DELETE INBOX"
    static let names = [
        "..", "../../etc/merle-pwned", trap, "`touch \(trap)`", "$(touch \(trap))", "a/../../b",
        "Bell\u{07}Tab\tDel\u{7F}", "Clip\u{1B}]52;c;ZXZpbA==\u{07}Red\u{1B}[31m\u{1B}[6n", injected,
    ]

    static var listLines: [String] {
        ["* LIST () \"/\" INBOX"] + names.map { name in
            if name.contains("\r") { return "* LIST () \"/\" {\(name.utf8.count)}\r\n\(name)" }
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "* LIST () \"/\" \"\(quoted)\""
        }
    }

    func mirror(_ server: HostileIMAPServer, store: MailStore) throws -> IMAPMirror {
        let account = AccountConfiguration(name: "hostile", email: "u@example.test",
                                           incoming: .imap(ServerConfiguration(host: "127.0.0.1", port: server.port, tls: .insecure, user: "u")))
        var options = IMAPSyncOptions()
        options.timeouts = Timeouts(connect: 5, io: 5)
        return try IMAPMirror(store: store, account: account, secrets: { _, _ in "pw" }, options: options)
    }

    @Test func aFolderTheServerWillNotOpenDoesNotStopTheOthers() throws {
        var script = HostileIMAPServer.Script(listLines: ["* LIST () \"/\" INBOX", "* LIST () \"/\" Private", "* LIST () \"/\" Zebra"],
                                              message: Array("Subject: hi\r\nMessage-ID: <1@x>\r\n\r\nbody\r\n".utf8))
        script.refusedMailboxes = ["Private"]
        let server = try HostileIMAPServer(script)
        defer { server.stop() }
        let scratch = try ScratchStore()
        let mirror = try mirror(server, store: scratch.store)
        let summaries = try mirror.sync()
        mirror.close()
        #expect(summaries.map(\.folder) == ["INBOX", "Private", "Zebra"])
        #expect(summaries.map(\.refused) == [nil, "permission denied", nil])
        #expect(summaries[0].newMessages == 1, "INBOX before it was synced")
        let selected = server.received.filter { $0.verb == "SELECT" }.compactMap(\.mailbox).map { String(decoding: $0, as: UTF8.self) }
        #expect(selected.last == "Zebra", "the folder after the refused one was still opened")
        let error = IMAPSyncError.foldersRefused(["Private": "permission denied"]).description
        #expect(error.contains("\"Private\" (permission denied)") && error.contains("the other folders are in step"))
    }

    @Test func hostileMailboxNamesStayDataAndNeverGoBackRaw() throws {
        let server = try HostileIMAPServer(.init(listLines: Self.listLines))
        defer { server.stop() }
        let scratch = try ScratchStore()
        let mirror = try mirror(server, store: scratch.store)
        let summaries = try mirror.sync()
        mirror.close()

        #expect(summaries.count == Self.names.count + 1)
        let stored = try scratch.store.mirrorFolders(accountId: mirror.accountId).map(\.name)
        #expect(Set(stored) == Set(Self.names + ["INBOX"]))
        // Each folder was selected by its own name, and no control character went back
        // raw: printable names verbatim, the others in modified UTF-7 (RFC 3501 §5.1.3:
        // BEL is `&AAc-`, CR LF `&AA0ACg-`), so the line break cannot end the command.
        let selected = server.received.filter { $0.verb == "SELECT" }.compactMap(\.mailbox)
        #expect(selected.count == Self.names.count + 1)
        #expect(selected.allSatisfy { $0.allSatisfy { (0x20...0x7E).contains($0) } }, "\(selected)")
        for name in Self.names {
            let printable = name.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
            #expect(selected.contains { ModifiedUTF7.decode($0) == name && (!printable || $0 == Array(name.utf8)) },
                    "\(name.debugDescription) was not selected by its own name")
        }
        // Nothing a name held became a command: only what a sync sends, each tag once.
        let commands = server.received
        #expect(commands.allSatisfy { ["LOGIN", "CAPABILITY", "LIST", "LSUB", "SELECT", "UID", "LOGOUT"].contains($0.verb) },
                "\(commands.map(\.verb))")
        #expect(Set(commands.map(\.tag)).count == commands.count)
        #expect(!commands.contains { $0.tag == "A9" || $0.verb == "DELETE" })
        // No name became a path or ran: the data folder holds the store and its body packs only.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.dataDirectory).allSatisfy { $0.hasPrefix("merle.sqlite") || $0 == "merle-bodies" })
        let packs = (scratch.dataDirectory as NSString).appendingPathComponent("merle-bodies")
        #expect(try FileManager.default.contentsOfDirectory(atPath: packs).allSatisfy { $0.hasPrefix("pack-") || $0.hasPrefix("lock") })
        #expect(!FileManager.default.fileExists(atPath: Self.trap))
    }

    @Test func anAbsurdLiteralInLISTIsAProtocolErrorAndTheStoreIsUntouched() throws {
        let server = try HostileIMAPServer(.init(listLines: ["* LIST () \"/\" {4294967296}"]))
        defer { server.stop() }
        let scratch = try ScratchStore()
        let mirror = try mirror(server, store: scratch.store)
        #expect {
            try mirror.sync()
        } throws: { error in
            "\(error)".contains("4294967296")
        }
        #expect(try scratch.store.mirrorFolders(accountId: mirror.accountId).isEmpty)
        #expect(try scratch.store.reader.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    /// Long and absurd INTERNALDATEs: the message is still stored (nothing lost), with
    /// no date where none can be read, and nothing traps on an overflow.
    @Test(arguments: ["01-Jan-9223372036854775807 23:59:59 +9999", "99-Jan-2026 99:99:99 -9999", "-1-Jan--1 00:00:00 +0000",
                      "01-Jan-" + String(repeating: "9", count: 2000) + " 00:00:00 +0000", "", "31-Feb-2026 00:00:00 +0000"])
    func absurdInternalDatesDoNotLoseTheMessage(_ date: String) throws {
        let message = Array("From: <a@example.test>\r\nSubject: dated\r\n\r\nbody\r\n".utf8)
        let server = try HostileIMAPServer(.init(listLines: ["* LIST () \"/\" INBOX"], message: message, internalDate: date))
        defer { server.stop() }
        let scratch = try ScratchStore()
        let mirror = try mirror(server, store: scratch.store)
        let summaries = try mirror.sync()
        mirror.close()
        #expect(summaries.first?.newMessages == 1)
        #expect(try scratch.store.reader.read { db in try String.fetchAll(db, sql: "SELECT subject FROM message") } == ["dated"])
    }
}
