import Foundation
import IMAPProtocol
import MailStore
import TestSupport
import Testing
import Transport

/// `merle move` and `merle flag` offline, then `merle sync` killed with SIGKILL twice in
/// the middle of the journal replay and run again: every action lands exactly once.
@Suite(.serialized) struct KillDuringReplayTests {
    let servers: TestServers
    let user: TestServers.User

    init() throws {
        servers = try TestServers.load()
        user = try servers.user("emil")
    }

    private func client() throws -> IMAPSession {
        try servers.imapClient(user)
    }

    /// Pending journal entries in the store file, read while merle writes it.
    private func pending(_ storePath: String) -> Int? {
        KillSupport.count(storePath, "SELECT count(*) FROM journal WHERE state = 'pending'")
    }

    /// Starts merle and kills it with SIGKILL once fewer than `below` entries are pending;
    /// true when that was in the middle (some still pending).
    private func runAndKill(_ arguments: [String], storePath: String, below: Int) throws -> Bool {
        var left = 0
        let killed = try KillSupport.runAndKill(arguments) {
            guard let count = pending(storePath), count < below else { return false }
            left = count
            return true
        }
        return killed && left > 0
    }

    /// Folder → Message-ID → flags on the server.
    private func serverState(_ session: IMAPSession, folders: [String]) throws -> [String: [String: Set<String>]] {
        var state: [String: [String: Set<String>]] = [:]
        for folder in folders {
            let selected = try session.select(MailboxName(folder), readOnly: true)
            guard selected.exists > 0 else { continue }
            for response in try session.uidFetch(.all, [.uid, .flags, .bodySection(.header, peek: true)]) {
                let header = String(decoding: response.body(.header) ?? [], as: UTF8.self)
                let id = header.split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }
                    .map { $0.dropFirst(11).trimmingCharacters(in: CharacterSet(charactersIn: " <>")) } ?? ""
                #expect(state[folder]?[id] == nil, "\(id) appears twice in \(folder)")
                state[folder, default: [:]][id] = Set((response.flags ?? []).filter { $0 != .recent }.map(\.rawValue))
            }
        }
        return state
    }

    @Test func replayKilledTwiceThenFinishedAppliesEveryActionOnce() throws {
        let setup = try client()
        defer { try? setup.logout() }
        try setup.emptyMailbox()
        try setup.execute(.create("Work"))
        let token = UUID().uuidString
        let total = 240
        for index in 0..<total {
            let raw = Array("From: <a@example.test>\r\nSubject: n\(index)\r\nMessage-ID: <kill-\(index)-\(token)@x>\r\n\r\nbody \(index)\r\n".utf8)
            try setup.append(raw, to: .inbox, flags: [.seen])
        }
        try setup.execute(.close)

        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: user, name: "emil",
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"))
        let dataDir = folder.path + "/data"
        let storePath = dataDir + "/merle.sqlite"
        let global = ["--config", config, "--data-dir", dataDir]
        let first = try MerleProcess.run(["sync"] + global)
        #expect(first.status == 0, "\(first.stderr)")

        // Offline: move half to Work and label the moved ones there; flag the other half.
        let store = try MailStore(path: storePath)
        let inbox = try store.folder(named: "INBOX", account: "emil")
        let messages = try store.messages(inFolder: inbox.id!, limit: 10_000).sorted { $0.uid! < $1.uid! }
        #expect(messages.count == total)
        let moved = messages.prefix(total / 2).map { String($0.id!) }
        let flagged = messages.suffix(total / 2).map { String($0.id!) }
        for command in [["move"] + moved + ["Work"], ["flag"] + moved + ["+$Moved"], ["flag"] + flagged + ["+\\Flagged", "-\\Seen"]] {
            let result = try MerleProcess.run(command + global)
            #expect(result.status == 0, "\(command[0]): \(result.stderr)")
        }
        let entries = try #require(pending(storePath))
        #expect(entries == total / 2 * 4)

        let sync = ["sync"] + global
        #expect(try runAndKill(sync, storePath: storePath, below: entries - 20), "killed during the replay")
        let afterFirst = try #require(pending(storePath))
        #expect(try runAndKill(sync, storePath: storePath, below: afterFirst - 20), "killed during the replay again")
        let finished = try MerleProcess.run(sync)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(pending(storePath) == 0)
        #expect(try store.journal(accountId: try store.accounts()[0].id!).isEmpty, "nothing failed")

        let checker = try client()
        defer { try? checker.logout() }
        let server = try serverState(checker, folders: ["INBOX", "Work"])
        #expect(server["Work"]?.count == total / 2 && server["INBOX"]?.count == total / 2, "each message once, where it belongs")
        #expect(server["Work"]?.values.allSatisfy { $0 == ["\\Seen", "$Moved"] } == true)
        #expect(server["INBOX"]?.values.allSatisfy { $0 == ["\\Flagged"] } == true)
        var local: [String: [String: Set<String>]] = [:]
        for name in ["INBOX", "Work"] {
            for message in try store.messages(inFolder: try store.folder(named: name, account: "emil").id!, limit: 10_000) {
                local[name, default: [:]][message.headerMessageId ?? ""] = Set(message.flagList)
            }
        }
        #expect(local == server, "the store mirrors the server")
        #expect(try store.integrityProblems().isEmpty)
    }

    /// Offline moves, copies, flags and deletes, then `merle sync` killed with SIGKILL
    /// three times at random moments (during login, replay, resync or after), then run
    /// to the end: the server holds each change once and the store equals the server.
    @Test(arguments: KillTrials.list) func killCampaignOverReplayAndSync(trial: UInt64) throws {
        var seeded = trial &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next(_ bound: UInt64) -> UInt64 {
            seeded = seeded &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (seeded >> 33) % bound
        }
        let setup = try client()
        defer { try? setup.logout() }
        try setup.emptyMailbox()
        try setup.execute(.create("Work"))
        try setup.execute(.create("Trash"))
        let token = UUID().uuidString
        let total = 60
        for index in 0..<total {
            let raw = Array("From: <a@example.test>\r\nSubject: k\(index)\r\nMessage-ID: <k-\(index)-\(token)@x>\r\n\r\nbody \(index)\r\n".utf8)
            try setup.append(raw, to: .inbox, flags: [])
        }
        try setup.execute(.close)

        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: user, name: "emil",
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"))
        let dataDir = folder.path + "/data"
        let storePath = dataDir + "/merle.sqlite"
        let global = ["--config", config, "--data-dir", dataDir]
        #expect(try MerleProcess.run(["sync"] + global).status == 0)
        let store = try MailStore(path: storePath)
        let messages = try store.messages(inFolder: try store.folder(named: "INBOX", account: "emil").id!, limit: 1000)
            .sorted { $0.uid! < $1.uid! }.map { String($0.id!) }
        let moves: [String] = ["move"] + Array(messages[0..<20]) + ["Work"]
        let copies: [String] = ["move", "--copy"] + Array(messages[20..<30]) + ["Work"]
        let flags: [String] = ["flag"] + Array(messages[30..<45]) + ["+\\Flagged"]
        let deletes: [String] = ["delete"] + Array(messages[45..<55])
        for command in [moves, copies, flags, deletes] {
            let result = try MerleProcess.run(command + global)
            #expect(result.status == 0, "\(command[0]): \(result.stderr)")
        }

        var landedMidReplay = 0
        for _ in 0..<3 {
            let before = pending(storePath) ?? 0
            let process = Process()
            process.executableURL = MerleProcess.binary
            process.arguments = ["sync"] + global
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double(next(400)) / 1000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let after = pending(storePath) ?? 0
            if after < before && after > 0 { landedMidReplay += 1 }
        }
        let finished = try MerleProcess.run(["sync"] + global)
        #expect(finished.status == 0, "trial \(trial): \(finished.stderr)")
        #expect(try store.journal(accountId: try store.accounts()[0].id!).isEmpty, "trial \(trial): nothing left or dropped")

        let checker = try client()
        defer { try? checker.logout() }
        let server = try serverState(checker, folders: ["INBOX", "Work", "Trash"])
        #expect(server["Work"]?.count == 30 && server["Trash"]?.count == 10 && server["INBOX"]?.count == 30,
                "trial \(trial): \(server.mapValues(\.count))")
        #expect(server["INBOX"]?.values.filter { $0.contains("\\Flagged") }.count == 15, "trial \(trial)")
        var local: [String: [String: Set<String>]] = [:]
        for name in ["INBOX", "Work", "Trash"] {
            for message in try store.messages(inFolder: try store.folder(named: name, account: "emil").id!, limit: 10_000) {
                local[name, default: [:]][message.headerMessageId ?? ""] = Set(message.flagList)
            }
        }
        #expect(local == server, "trial \(trial): the store mirrors the server")
        #expect(try store.integrityProblems().isEmpty)
        print("kill-campaign trial \(trial): 3 kills, \(landedMidReplay) in the middle of the replay")
    }
}

/// Trials of the kill campaigns: MERLE_KILL_TRIALS (default 1 in CI; `scripts/kill-campaign`
/// runs many), numbered from MERLE_KILL_FIRST_TRIAL so a failure can be run again.
enum KillTrials {
    static var list: [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["MERLE_KILL_TRIALS"].flatMap(Int.init) ?? 1
        let first = environment["MERLE_KILL_FIRST_TRIAL"].flatMap(UInt64.init) ?? 1
        return (0..<UInt64(max(1, count))).map { first + $0 }
    }
}
