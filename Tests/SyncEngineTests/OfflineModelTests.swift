import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import TestSupport
import Testing
@testable import SyncEngine

/// Model-based test of offline work against the real Dovecot: from a synced state, a
/// random sequence of offline actions here while a second client changes the server;
/// then one sync. The server and the store must both equal what `OfflineModel` — the
/// replay rules written down — predicts. CI runs a few seeds; `scripts/soak-offline`
/// runs many (MERLE_OFFLINE_SEEDS, MERLE_OFFLINE_FIRST_SEED).
@Suite(.serialized) struct OfflineModelTests {
    static var seeds: [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["MERLE_OFFLINE_SEEDS"].flatMap(Int.init) ?? 6
        let first = environment["MERLE_OFFLINE_FIRST_SEED"].flatMap(UInt64.init) ?? 1
        return (0..<UInt64(max(1, count))).map { first + $0 }
    }

    @Test(arguments: seeds) func randomOfflineWorkConverges(seed: UInt64) throws {
        let servers = try TestServers.load()
        let user = try servers.user("dora")
        try servers.emptyMailbox(of: user)
        let world = try OfflineWorld(servers: servers, user: user)
        var random = SplitMix64(seed: seed)
        try world.client.seed("INBOX", count: 8, token: world.token)
        try world.client.execute(.create("A"))
        try world.client.seed("B", count: 3, token: world.token, from: 20)
        try world.mirror.sync()
        var local = try world.localState()
        #expect(local == (try world.serverState()), "seed \(seed): the first sync is exact")

        // Offline actions here, each also applied to the model of what the user sees.
        var actions: [OfflineModel.Action] = []
        var folders = ["INBOX", "A", "B"]
        for step in 0..<14 {
            guard let action = OfflineModel.randomAction(&random, local: local, folders: folders, step: step) else { continue }
            if case let .createFolder(name) = action { folders.append(name) }
            try perform(action, world: world)
            OfflineModel.applyLocally(action, to: &local)
            actions.append(action)
        }
        #expect(try world.localState() == local, "seed \(seed): every action shows at once")

        // Meanwhile another client changes the server.
        var server = try world.serverState()
        for step in 0..<5 {
            try OfflineModel.randomServerChange(&random, server: &server, client: world.client, token: world.token, step: step)
        }

        let start = Date()
        let summary = try world.mirror.replayJournal()
        let elapsed = Date().timeIntervalSince(start)
        try world.mirror.sync()
        let expected = OfflineModel.replay(actions, onto: server)
        let finalServer = try world.serverState()
        #expect(finalServer == expected, "seed \(seed): the server after replay follows the rules; actions \(actions)")
        #expect(try world.localState() == finalServer, "seed \(seed): the store mirrors the server")
        #expect(try world.store.pendingJournal(accountId: world.accountId).isEmpty, "seed \(seed): nothing left waiting")
        #expect(try world.store.integrityProblems().isEmpty)
        print("offline-model seed \(seed): \(actions.count) actions, \(summary.applied) applied, \(summary.failed) dropped, "
              + "replay \(String(format: "%.3f", elapsed)) s")
    }

    private func perform(_ action: OfflineModel.Action, world: OfflineWorld) throws {
        let store = world.store
        func id(_ messageID: String, in folder: String) throws -> Int64 {
            let record = try store.folder(named: folder, account: world.account.name)
            return try #require(try store.messages(inFolder: record.id!, limit: 10_000).first { $0.headerMessageId == messageID }?.id)
        }
        switch action {
        case let .flag(messageID, folder, flag, add):
            try store.changeFlags(messageIds: [try id(messageID, in: folder)], add: add ? [flag] : [], remove: add ? [] : [flag])
        case let .move(messageID, from, to):
            #expect(try store.moveMessages(ids: [try id(messageID, in: from)], to: to) == 1)
        case let .copy(messageID, from, to):
            #expect(try store.copyMessages(ids: [try id(messageID, in: from)], to: to).count == 1)
        case let .delete(messageID, folder):
            try store.deleteMessages(ids: [try id(messageID, in: folder)])
        case let .createFolder(name):
            try store.createFolder(account: world.account.name, name: name)
        }
    }
}

/// The replay rules, written down: what the server and the store must hold after
/// offline actions meet concurrent server changes. Folder → Message-ID → flags.
enum OfflineModel {
    typealias State = [String: [String: Set<String>]]

    enum Action: CustomStringConvertible {
        case flag(String, folder: String, flag: String, add: Bool)
        case move(String, from: String, to: String)
        case copy(String, from: String, to: String)
        /// To Trash, or for good when in Trash.
        case delete(String, folder: String)
        case createFolder(String)

        var description: String {
            switch self {
            case let .flag(id, folder, flag, add): return "\(add ? "+" : "-")\(flag) \(id.prefix(40).suffix(16)) in \(folder)"
            case let .move(id, from, to): return "move \(id.suffix(16)) \(from)→\(to)"
            case let .copy(id, from, to): return "copy \(id.suffix(16)) \(from)→\(to)"
            case let .delete(id, folder): return "delete \(id.suffix(16)) in \(folder)"
            case let .createFolder(name): return "create \(name)"
            }
        }
    }

    static let flags = ["\\Seen", "\\Flagged", "\\Answered", "$Label1", "$Work"]

    /// A random action on what the user sees; nil when the pick makes no sense here.
    static func randomAction(_ random: inout SplitMix64, local: State, folders: [String], step: Int) -> Action? {
        let messages = local.flatMap { folder, messages in messages.keys.map { (folder, $0) } }.sorted { $0 < $1 }
        guard !messages.isEmpty else { return .createFolder("New\(step)") }
        let (folder, messageID) = messages[random.next(messages.count)]
        switch random.next(10) {
        case 0, 1, 2:
            let flag = flags[random.next(flags.count)]
            return .flag(messageID, folder: folder, flag: flag, add: !(local[folder]![messageID]!.contains(flag)))
        case 3, 4:
            let targets = folders.filter { $0 != folder && $0 != "Trash" && local[$0]?[messageID] == nil }
            return targets.isEmpty ? nil : .move(messageID, from: folder, to: targets[random.next(targets.count)])
        case 5:
            let targets = folders.filter { $0 != folder && $0 != "Trash" && local[$0]?[messageID] == nil }
            return targets.isEmpty ? nil : .copy(messageID, from: folder, to: targets[random.next(targets.count)])
        case 6, 7:
            return folder != "Trash" && local["Trash"]?[messageID] != nil ? nil : .delete(messageID, folder: folder)
        case 8:
            return step % 2 == 0 ? .createFolder("New\(step)") : nil
        default:
            return nil
        }
    }

    /// What the user sees right after the action.
    static func applyLocally(_ action: Action, to state: inout State) {
        switch action {
        case let .flag(id, folder, flag, add):
            if add { state[folder]![id]!.insert(flag) } else { state[folder]![id]!.remove(flag) }
        case let .move(id, from, to):
            state[to, default: [:]][id] = state[from]!.removeValue(forKey: id)
            if state[from]!.isEmpty { state[from] = nil }
        case let .copy(id, from, to):
            state[to, default: [:]][id] = state[from]![id]
        case let .delete(id, folder):
            if folder == "Trash" {
                state[folder]![id] = nil
                if state[folder]!.isEmpty { state[folder] = nil }
            } else {
                applyLocally(.move(id, from: folder, to: "Trash"), to: &state)
            }
        case .createFolder:
            break
        }
    }

    /// A random change by another client: a flag, an expunge or a new message.
    static func randomServerChange(_ random: inout SplitMix64, server: inout State, client: IMAPSession, token: String, step: Int) throws {
        let messages = server.flatMap { folder, messages in messages.keys.map { (folder, $0) } }.sorted { $0 < $1 }
        let choice = random.next(4)
        if choice == 3 || messages.isEmpty {
            let raw = TestMail.message(100 + step, token: token)
            try client.append(raw, to: "INBOX")
            server["INBOX", default: [:]]["\(token)-\(100 + step)@example.test"] = []
            return
        }
        let (folder, messageID) = messages[random.next(messages.count)]
        _ = try client.select(MailboxName(folder))
        let uids = try client.uidSearch([.header("Message-ID", messageID)])
        if choice == 2 {
            try client.execute(.uidStore(SequenceSet(uids), StoreOperation(.add, [.deleted], silent: true)))
            try client.execute(.uidExpunge(SequenceSet(uids)))
            server[folder]![messageID] = nil
            if server[folder]!.isEmpty { server[folder] = nil }
        } else {
            let flag = flags[random.next(flags.count)]
            let add = !server[folder]![messageID]!.contains(flag)
            try client.execute(.uidStore(SequenceSet(uids), StoreOperation(add ? .add : .remove, [Flag(flag)], silent: true)))
            if add { server[folder]![messageID]!.insert(flag) } else { server[folder]![messageID]!.remove(flag) }
        }
        try client.execute(.close)
    }

    /// The rules: each action in order on the server's state; one whose message is no
    /// longer where the action saw it is dropped; flags are add/remove, so the server's
    /// own changes to other flags stay; moves and copies carry the server's flags.
    static func replay(_ actions: [Action], onto server: State) -> State {
        var state = server
        for action in actions {
            switch action {
            case let .flag(id, folder, flag, add):
                guard state[folder]?[id] != nil else { continue }
                if add { state[folder]![id]!.insert(flag) } else { state[folder]![id]!.remove(flag) }
            case let .move(id, from, to):
                guard let flags = state[from]?[id] else { continue }
                state[from]![id] = nil
                if state[from]!.isEmpty { state[from] = nil }
                state[to, default: [:]][id] = flags
            case let .copy(id, from, to):
                guard let flags = state[from]?[id] else { continue }
                state[to, default: [:]][id] = flags
            case let .delete(id, folder):
                if folder == "Trash" {
                    guard state["Trash"]?[id] != nil else { continue }
                    state["Trash"]![id] = nil
                    if state["Trash"]!.isEmpty { state["Trash"] = nil }
                } else {
                    state = replay([.move(id, from: folder, to: "Trash")], onto: state)
                }
            case .createFolder:
                break
            }
        }
        return state
    }
}

/// A small deterministic generator, so a failing seed can be run again.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound.
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
