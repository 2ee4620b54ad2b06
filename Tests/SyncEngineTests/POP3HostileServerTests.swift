import Foundation
import GRDB
import MailStore
import MerleConfig
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// Scripted POP3 servers with hostile UIDLs, endless listings and no UIDL at all.
@Suite struct POP3HostileServerTests {
    static let message = "From: <x@example.test>\r\nSubject: hi\r\n\r\nbody\r\n"

    func account(port: UInt16) -> AccountConfiguration {
        AccountConfiguration(name: "hostile", email: "u@example.test",
                             incoming: .pop3(ServerConfiguration(host: "127.0.0.1", port: port, tls: .insecure, user: "u")))
    }

    /// Serves a fixed mailbox: greeting, no CAPA, USER/PASS, then answers UIDL/RETR/QUIT.
    static func server(uidlLines: [String]?, messages: Int) throws -> LoopbackServer {
        try LoopbackServer { client in
            client.send("+OK hostile ready\r\n")
            while true {
                let line = client.readLine()
                if line.isEmpty { return }
                let command = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if command == "CAPA" {
                    client.send("-ERR no\r\n")
                } else if command.hasPrefix("USER") || command.hasPrefix("PASS") {
                    client.send("+OK\r\n")
                } else if command == "UIDL" {
                    if let uidlLines {
                        client.send("+OK\r\n" + uidlLines.map { $0 + "\r\n" }.joined() + ".\r\n")
                    } else {
                        client.send("-ERR UIDL not supported\r\n")
                    }
                } else if command == "LIST" {
                    client.send("+OK\r\n" + (1...messages).map { "\($0) 40\r\n" }.joined() + ".\r\n")
                } else if command.hasPrefix("TOP ") || command.hasPrefix("RETR ") {
                    let number = command.split(separator: " ")[1]
                    client.send("+OK\r\n" + Self.message.replacingOccurrences(of: "hi", with: "hi \(number)") + ".\r\n")
                } else if command == "QUIT" {
                    client.send("+OK bye\r\n")
                    return
                } else {
                    client.send("-ERR unknown\r\n")
                }
            }
        }
    }

    @Test func hostileUIDLsAreOnlyData() throws {
        let hostile = ["1 ../../etc/passwd", "2 /tmp/evil", "3 \u{1B}]52;c;ZXZpbA==\u{07}", "4 ..", "5 a/b/../c"]
        let server = try Self.server(uidlLines: hostile, messages: 5)
        defer { server.stop() }
        let scratch = try ScratchStore()
        let before = try FileManager.default.contentsOfDirectory(atPath: scratch.dataDirectory)
        let summary = try POP3Downloader(store: scratch.store, secrets: { _, _ in "pw" }).download(account: account(port: server.port))
        #expect(summary.downloaded == 5)
        let uidls = try scratch.store.reader.read { db in try String.fetchAll(db, sql: "SELECT uidl FROM pop3_uidl ORDER BY uidl") }
        #expect(Set(uidls) == Set(hostile.map { String($0.dropFirst(2)) }))
        // Nothing was created beside the store: a UIDL never becomes a path.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.dataDirectory) == before)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/evil"))
    }

    @Test func endlessListingIsCapped() throws {
        let lines = (1...5_000).map { "\($0) uid-\($0)" }
        let server = try Self.server(uidlLines: lines, messages: 5_000)
        defer { server.stop() }
        let scratch = try ScratchStore()
        var downloader = POP3Downloader(store: scratch.store, secrets: { _, _ in "pw" })
        downloader.listingLimit = 1_000
        #expect {
            try downloader.download(account: account(port: server.port))
        } throws: { error in
            "\(error)".contains("more than 1000 lines")
        }
        #expect(try scratch.store.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM message") } == 0)
    }

    @Test func serverWithoutUIDLIsHandledWithAWarning() throws {
        let server = try Self.server(uidlLines: nil, messages: 3)
        defer { server.stop() }
        let scratch = try ScratchStore()
        let summary = try POP3Downloader(store: scratch.store, secrets: { _, _ in "pw" }).download(account: account(port: server.port))
        #expect(summary.downloaded == 3)
        #expect(summary.warnings.contains { $0.contains("does not support UIDL") })
        let uidls = try scratch.store.reader.read { db in try String.fetchAll(db, sql: "SELECT uidl FROM pop3_uidl") }
        #expect(uidls.count == 3)
        #expect(uidls.allSatisfy { $0.hasPrefix("merle-sha256:") })
    }
}
