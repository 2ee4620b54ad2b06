import Foundation
import IMAPProtocol
import TestSupport
import Testing

/// `merle flag` and `merle folder delete` on a real IMAP account (Dovecot): plain names are
/// system flags on the server, bad flags are refused before anything is stored or
/// journaled, and a folder holding mail is deleted only with --force. Each test works in a
/// folder of its own in xavier's mailbox (whose INBOX other tests use) and removes it.
@Suite struct FlagNameServerTests {
    let servers: TestServers
    let user: TestServers.User

    init() throws {
        servers = try TestServers.load()
        user = try servers.user("xavier")
    }

    /// A config, a data folder, and a server folder holding `count` messages, synced.
    func syncedFolder(_ folder: TemporaryFolder, count: Int) throws -> (config: String, data: String, name: String) {
        let name = "CLI-\(UUID().uuidString.prefix(8))"
        let client = try servers.imapClient(user)
        defer { try? client.logout() }
        try client.execute(.create(MailboxName(name)))
        for index in 0..<count {
            _ = try client.append(Array("From: <a@example.test>\r\nSubject: flag test \(index)\r\nMessage-ID: <\(name)-\(index)@example.test>\r\n\r\nHello.\r\n".utf8),
                                  to: MailboxName(name))
        }
        let config = try TestConfig.write(in: folder, servers: servers, user: user,
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"))
        let data = folder.path + "/data"
        let sync = try MerleProcess.run(["sync", "--config", config, "--data-dir", data, "--folder", name])
        #expect(sync.status == 0, "\(sync.output) \(sync.stderr)")
        return (config, data, name)
    }

    func removeFromServer(_ name: String) {
        guard let client = try? servers.imapClient(user) else { return }
        _ = try? client.send(.delete(MailboxName(name)))
        try? client.logout()
    }

    /// The flags the server has on the folder's only message.
    func serverFlags(_ name: String) throws -> Set<String> {
        let client = try servers.imapClient(user)
        defer { try? client.logout() }
        _ = try client.select(MailboxName(name), readOnly: true)
        let fetched = try client.uidFetch(.all, [.uid, .flags])
        return Set(try #require(fetched.first?.flags).filter { $0 != .recent }.map(\.rawValue))
    }

    @Test func plainNamesAreSystemFlagsAndBadFlagsAreRefusedBeforeAnythingIsJournaled() throws {
        let folder = try TemporaryFolder()
        let (config, data, name) = try syncedFolder(folder, count: 1)
        defer { removeFromServer(name) }
        let list = try MerleProcess.run(["list", name, "--data-dir", data, "--json"])
        let row = try #require(try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [String: Any])
        let id = String(try #require(row["id"] as? Int))

        // Any case, with or without the backslash.
        let set = try MerleProcess.run(["flag", id, "+Seen", "+\\FLAGGED", "--data-dir", data])
        #expect(set.status == 0, "\(set.stderr)")

        // Refused, and with them the valid flag given alongside: nothing is applied.
        for bad in ["+\\Bogus", "+bad flag", "+(x)", "+", "+\\Recent", "+naïve"] {
            let result = try MerleProcess.run(["flag", id, "+answered", bad, "--data-dir", data])
            #expect(result.status == 1, "\(bad) was accepted")
            #expect(result.stderr.contains("seen, answered, flagged, deleted, draft"), "\(bad): \(result.stderr)")
            #expect(result.stderr.contains("$Label1"), "\(bad): \(result.stderr)")
        }
        let local = try MerleProcess.run(["list", name, "--data-dir", data, "--json"])
        let flags = try #require((try JSONSerialization.jsonObject(with: Data(local.output.utf8)) as? [String: Any])?["flags"] as? [String])
        #expect(Set(flags) == ["\\Seen", "\\Flagged"], "\(flags)")

        // On the server: the system flags, no keyword "seen", nothing refused.
        let sync = try MerleProcess.run(["sync", "--config", config, "--data-dir", data, "--folder", name])
        #expect(sync.status == 0, "\(sync.output) \(sync.stderr)")
        #expect(try serverFlags(name) == ["\\Seen", "\\Flagged"])

        // A keyword that is an atom goes as it is; `-seen` removes \Seen.
        let keyword = try MerleProcess.run(["flag", id, "+$Label1", "-seen", "--data-dir", data])
        #expect(keyword.status == 0, "\(keyword.stderr)")
        #expect(try MerleProcess.run(["sync", "--config", config, "--data-dir", data, "--folder", name]).status == 0)
        #expect(try serverFlags(name) == ["\\Flagged", "$Label1"])
    }

    @Test func aFolderHoldingMailIsDeletedOnlyWithForce() throws {
        let folder = try TemporaryFolder()
        let (config, data, name) = try syncedFolder(folder, count: 3)
        defer { removeFromServer(name) }

        let refused = try MerleProcess.run(["folder", "delete", name, "--data-dir", data])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("holds 3 messages"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try MerleProcess.run(["list", name, "--data-dir", data]).output.split(separator: "\n").count == 3, "nothing was deleted")

        let forced = try MerleProcess.run(["folder", "delete", "--force", name, "--data-dir", data])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try MerleProcess.run(["list", name, "--data-dir", data]).status == 1, "the folder is gone here")
        let sync = try MerleProcess.run(["sync", "--config", config, "--data-dir", data, "--folder", "INBOX"])
        #expect(sync.status == 0, "\(sync.output) \(sync.stderr)")
        let client = try servers.imapClient(user)
        defer { try? client.logout() }
        #expect(!(try client.list()).contains { $0.name == MailboxName(name) }, "and on the server after the sync")
    }
}
