import Foundation
import GRDB
import IMAPProtocol
import MailStore
import SMTPProtocol
import TestSupport
import Testing
import Transport

/// `merle sync` on an IMAP account, run as a subprocess: killed with SIGKILL in the
/// middle and resumed, and `--watch` seeing mail delivered through Postfix and LMTP.
/// Both tests use the test user trent, so they run one after the other.
@Suite(.serialized) struct IMAPSyncCommandTests {
    let servers: TestServers
    let user: TestServers.User

    init() throws {
        servers = try TestServers.load()
        user = try servers.user("trent")
    }

    /// `imapExtra`: more lines for `[account.imap]`.
    private func writeConfig(in folder: TemporaryFolder, imapExtra: String = "") throws -> String {
        try folder.write("config.toml", """
            [[account]]
            name = "trent"
            email = "\(user.email)"

            [account.imap]
            host = "\(servers.host)"
            port = \(servers.imapsPort)
            tls = "implicit"
            user = "\(user.name)"
            password_command = "echo \(user.password)"
            ca_file = "\(servers.caFile)"
            \(imapExtra)
            """)
    }

    private func client() throws -> IMAPSession {
        try servers.imapClient(user)
    }

    /// Deletes every folder but INBOX and empties INBOX.
    private func emptyMailbox() throws {
        let session = try client()
        defer { try? session.logout() }
        try session.emptyMailbox()
    }

    private static func message(_ index: Int, token: String, padding: Int) -> [UInt8] {
        let filler = String(repeating: "Lorem ipsum dolor sit amet, ünïcödé \(index).\r\n", count: padding)
        return Array("""
            From: Bulk <bulk@example.test>\r
            To: trent@example.test\r
            Subject: bulk \(index) \(token)\r
            Message-ID: <bulk-\(index)-\(token)@example.test>\r
            Date: Wed, 25 Nov 2026 12:00:00 +0000\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(filler)
            """.utf8)
    }

    /// Counts of (messages, bodies) in the store file, read while merle writes it.
    /// Read-only and without `MailStore`, whose migrations must not race merle's own.
    private func counts(_ storePath: String) -> (messages: Int, bodies: Int) {
        (try? Self.query(storePath) { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM message") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM message_body") ?? 0)
        }) ?? (0, 0)
    }

    private static func query<T>(_ storePath: String, _ body: (Database) throws -> T) throws -> T {
        guard FileManager.default.fileExists(atPath: storePath) else { throw TestSupportError("no store yet") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: storePath, configuration: configuration).read(body)
    }

    /// Starts `merle` and kills it with SIGKILL as soon as `condition` holds on the store.
    private func runAndKill(_ arguments: [String], storePath: String, when condition: ((messages: Int, bodies: Int)) -> Bool) throws -> Bool {
        let process = Process()
        process.executableURL = MerleProcess.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline {
            if condition(counts(storePath)) {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return true
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return false
    }

    @Test func killedMidSyncThenResyncedGivesAnExactMirror() throws {
        try emptyMailbox()
        let token = UUID().uuidString
        let total = 1200
        let seeder = try client()
        defer { try? seeder.logout() }
        for index in 0..<total {
            try seeder.append(Self.message(index, token: token, padding: 300 + index % 200), to: .inbox,
                              flags: index % 3 == 0 ? [.seen] : [])
        }
        let folder = try TemporaryFolder()
        let config = try writeConfig(in: folder)
        let dataDir = folder.path + "/data"
        let storePath = dataDir + "/merle.sqlite"
        let arguments = ["sync", "--config", config, "--data-dir", dataDir]

        // Killed while headers arrive, then while bodies arrive.
        let killedInHeaders = try runAndKill(arguments, storePath: storePath) { $0.messages > 0 }
        #expect(killedInHeaders)
        let afterFirstKill = counts(storePath)
        #expect(afterFirstKill.messages < total || afterFirstKill.bodies < total, "the kill came mid-sync")
        let killedInBodies = try runAndKill(arguments, storePath: storePath) { $0.bodies > afterFirstKill.bodies }
        #expect(killedInBodies)
        #expect(counts(storePath).bodies < total, "the second kill came mid-sync too")

        let finished = try MerleProcess.run(arguments)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(counts(storePath) == (total, total))

        let store = try MailStore(path: storePath)
        #expect(try store.integrityProblems().isEmpty)
        let inbox = try store.folder(named: "INBOX", account: "trent")
        let mirrored = try store.messages(inFolder: inbox.id!, limit: 100_000)
        #expect(Set(mirrored.compactMap(\.uid)).count == total, "no duplicates")
        let server = try seeder.select(.inbox, readOnly: true)
        #expect(server.exists == total)
        let fetched = try seeder.uidFetch(.all, [.uid, .flags, .rfc822Size, .bodySection(.complete, peek: true)])
        let byUID = Dictionary(uniqueKeysWithValues: mirrored.map { ($0.uid!, $0) })
        var mismatches = 0
        for response in fetched {
            let uid = Int64(response.uid!)
            guard let local = byUID[uid], let raw = try store.rawMessage(id: local.id!) else { mismatches += 1; continue }
            let flags = Set((response.flags ?? []).filter { $0 != .recent }.map(\.rawValue))
            if [UInt8](raw) != response.body(.complete) || Set(local.flagList) != flags || local.size != Int64(response.rfc822Size ?? -1) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test func watchSeesMailThroughPostfixWithinFiveSecondsAlsoAfterAReconnect() throws {
        try emptyMailbox()
        let folder = try TemporaryFolder()
        let config = try writeConfig(in: folder, imapExtra: #"watch = ["INBOX", "Nowhere"]"#)
        let dataDir = folder.path + "/data"
        let process = Process()
        process.executableURL = MerleProcess.binary
        process.arguments = ["sync", "--watch", "--config", config, "--data-dir", dataDir]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let lines = LineCollector(output.fileHandleForReading)
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        #expect(lines.wait(for: "watching INBOX", timeout: 30), "merle reached IDLE: \(lines.text)")
        #expect(lines.text.contains("trent: warning: not watching Nowhere: the server has no such folder"), "\(lines.text)")

        let storePath = dataDir + "/merle.sqlite"
        let delay = try #require(try deliverAndWait(storePath: storePath), "the message never reached the store: \(lines.text)")
        #expect(delay < 5)
        // Its body is indexed right after its folder's sync (the row comes first, the body
        // after it): searchable without merle search, and nothing left in the queue.
        #expect(waitUntil(timeout: 10) {
            (try? Self.query(storePath, { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM message_fts WHERE message_fts MATCH 'body: \"new mail\"'")
            })) == 1
        }, "the body never became searchable: \(lines.text)")
        #expect(try Self.query(storePath) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM message_fts_pending") } == 0)

        // The server drops every session of the user: merle reconnects (backoff 1 s) and
        // keeps watching.
        let kick = Process()
        kick.executableURL = URL(fileURLWithPath: "/usr/bin/doveadm")
        kick.arguments = ["-c", TestServers.stateDirectory + "/dovecot/dovecot.conf", "kick", user.name]
        kick.standardOutput = FileHandle.nullDevice
        try kick.run()
        kick.waitUntilExit()
        #expect(lines.wait(for: "reconnecting in 1 s", timeout: 10), "merle noticed: \(lines.text)")
        let count = lines.text.components(separatedBy: "watching INBOX").count
        #expect(lines.wait(forCount: count, of: "watching INBOX", timeout: 30), "merle is back in IDLE: \(lines.text)")
        let again = try #require(try deliverAndWait(storePath: storePath), "after the reconnect: \(lines.text)")
        #expect(again < 5)
    }

    /// Sends a message to the user through Postfix (LMTP into Dovecot) and returns the
    /// seconds until it is in the store, or nil after 10 s.
    private func deliverAndWait(storePath: String) throws -> Double? {
        let token = "idle-\(UUID().uuidString)"
        let smtp = try SMTPSession.connect(to: Endpoint(host: servers.host, port: servers.smtpPort), mode: .insecure, tls: TLSSettings())
        let sent = Date()
        _ = try smtp.send(Array("From: <x@example.test>\r\nTo: <\(user.email)>\r\nSubject: \(token)\r\nMessage-ID: <\(token)@example.test>\r\n\r\nnew mail\r\n".utf8),
                          envelope: SMTPEnvelope(sender: "x@example.test", recipients: [user.email]))
        smtp.quit()
        while Date().timeIntervalSince(sent) < 10 {
            if (try? Self.query(storePath, { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM message WHERE subject = ?", arguments: [token]) })) == 1 {
                return Date().timeIntervalSince(sent)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}

/// Collects a pipe's output on another thread and lets the test wait for a line.
final class LineCollector: @unchecked Sendable {
    private let lock = NSCondition()
    private var buffer = ""

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                lock.withLock {
                    buffer += String(decoding: data, as: UTF8.self)
                    lock.broadcast()
                }
            }
        }
    }

    var text: String { lock.withLock { buffer } }

    /// Waits until `needle` occurs at least `count` times.
    func wait(forCount count: Int, of needle: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return lock.withLock {
            while buffer.components(separatedBy: needle).count - 1 < count {
                if !lock.wait(until: deadline) { return buffer.components(separatedBy: needle).count - 1 >= count }
            }
            return true
        }
    }

    func wait(for needle: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return lock.withLock {
            while !buffer.contains(needle) {
                if !lock.wait(until: deadline) { return buffer.contains(needle) }
            }
            return true
        }
    }
}
