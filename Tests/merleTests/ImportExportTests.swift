import Foundation
import IMAPProtocol
import MailStore
import TestSupport
import Testing
import Transport

/// Moving from mutt + mbsync and back: `merle import`, `merle sync` into the test Dovecot,
/// `merle sync` into a fresh store, `merle export`; the bytes and the flags come back
/// exactly (Tests/Fixtures: a Maildir as mbsync writes it, mboxes as mutt and mboxrd
/// writers write them).
@Suite(.serialized) struct ImportExportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// One message of a Maildir: its bytes, its info letters and its file time.
    struct MaildirMessage: Hashable, Comparable {
        var bytes: Data
        var letters: String
        var modified: Int

        static func < (left: Self, right: Self) -> Bool {
            (left.bytes.base64EncodedString(), left.letters, left.modified) < (right.bytes.base64EncodedString(), right.letters, right.modified)
        }
    }

    /// The fixture Maildir copied (with tmp/, which git cannot keep), each file's time
    /// that of its name, as mbsync's CopyArrivalDate sets it.
    static func copyMaildir(into folder: TemporaryFolder) throws -> String {
        let path = folder.path + "/mbsync"
        try FileManager.default.copyItem(atPath: fixtures + "/mbsync-maildir", toPath: path)
        try FileManager.default.createDirectory(atPath: path + "/tmp", withIntermediateDirectories: true)
        for sub in ["cur", "new"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: path + "/" + sub) {
                let seconds = TimeInterval(name.prefix { $0.isNumber })!
                try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: seconds)],
                                                      ofItemAtPath: path + "/" + sub + "/" + name)
            }
        }
        return path
    }

    /// Every message of a Maildir (cur/ and new/), as a sorted list: file names differ
    /// between writers, nothing else may.
    static func maildirMessages(_ path: String) throws -> [MaildirMessage] {
        var messages: [MaildirMessage] = []
        for sub in ["cur", "new"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: path + "/" + sub) {
                let file = path + "/" + sub + "/" + name
                let modified = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as! Date
                let letters = name.range(of: ":2,").map { String(name[$0.upperBound...]) } ?? ""
                messages.append(MaildirMessage(bytes: try Data(contentsOf: URL(fileURLWithPath: file)), letters: letters,
                                               modified: Int(modified.timeIntervalSince1970)))
            }
        }
        return messages.sorted()
    }

    /// A folder on the server: each message's bytes, flags and internal date, in UID order.
    static func serverFolder(_ session: IMAPSession, _ name: String) throws -> [(bytes: [UInt8], flags: Set<String>, date: Date?)] {
        guard try session.select(MailboxName(name), readOnly: true).exists > 0 else { return [] }
        return try session.uidFetch(.all, [.uid, .flags, .internalDate, .bodySection(.complete, peek: true)])
            .sorted { ($0.uid ?? 0) < ($1.uid ?? 0) }
            .map { response in
                var date: Date?
                for case let .internalDate(text) in response.attributes {
                    if let parsed = InternalDate(text) {
                        var calendar = Calendar(identifier: .gregorian)
                        calendar.timeZone = TimeZone(secondsFromGMT: parsed.zoneMinutes * 60)!
                        date = calendar.date(from: DateComponents(year: parsed.year, month: parsed.month, day: parsed.day,
                                                                  hour: parsed.hour, minute: parsed.minute, second: parsed.second))
                    }
                }
                return (response.body(.complete) ?? [], Set((response.flags ?? []).filter { $0 != .recent }.map(\.rawValue)), date)
            }
    }

    private func config(_ folder: TemporaryFolder, servers: TestServers, user: TestServers.User) throws -> String {
        try TestConfig.write(in: folder, servers: servers, user: user, name: "main",
                             incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"))
    }

    @Test func aMaildirAsMbsyncWritesItGoesThroughDovecotAndComesBackExactly() throws {
        let servers = try TestServers.load()
        let user = try servers.user("porter")
        let setup = try servers.imapClient(user)
        defer { try? setup.logout() }
        try setup.emptyMailbox()

        let folder = try TemporaryFolder()
        let maildir = try Self.copyMaildir(into: folder)
        let original = try Self.maildirMessages(maildir)
        #expect(original.count == 12)
        let config = try config(folder, servers: servers, user: user)
        let first = ["--config", config, "--data-dir", folder.path + "/first"]

        let imported = try MerleProcess.run(["import", "maildir", maildir, "Archive"] + first)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.output == "Imported 12 messages into Archive (a new folder); the next `merle sync` uploads them.\n")
        let again = try MerleProcess.run(["import", "maildir", maildir, "Archive"] + first)
        #expect(again.output == "Imported 0 messages into Archive; 12 were there already.\n", "nothing twice: \(again.output)")
        let sync = try MerleProcess.run(["sync"] + first)
        #expect(sync.status == 0, "\(sync.stderr)")

        // On the server: every message once (the source's two copies of one twice), its
        // bytes with CRLF line ends, its flags, and its file's time as internal date.
        let checker = try servers.imapClient(user)
        defer { try? checker.logout() }
        let onServer = try Self.serverFolder(checker, "Archive")
        #expect(onServer.count == 12)
        let expected = original.map { message -> String in
            let crlf = String(decoding: message.bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n")
            return "\(crlf)|\(message.modified)"
        }.sorted()
        #expect(onServer.map { "\(String(decoding: $0.bytes, as: UTF8.self))|\(Int($0.date?.timeIntervalSince1970 ?? 0))" }.sorted() == expected)
        let draft = try #require(onServer.first { String(decoding: $0.bytes, as: UTF8.self).contains("<draft-4@example.test>") })
        #expect(draft.flags == ["\\Draft", "\\Seen"])
        let passed = try #require(onServer.first { String(decoding: $0.bytes, as: UTF8.self).contains("<passed-7@kings.example>") })
        #expect(passed.flags == ["$Forwarded", "\\Seen"], "P is $Forwarded")
        let trashed = try #require(onServer.first { String(decoding: $0.bytes, as: UTF8.self).contains("<trash-5@spam.example>") })
        #expect(trashed.flags == ["\\Deleted", "\\Seen"])

        // Back out, from a store that knows only what the server has.
        let second = ["--config", config, "--data-dir", folder.path + "/second"]
        #expect(try MerleProcess.run(["sync"] + second).status == 0)
        let exported = try MerleProcess.run(["export", "Archive", "--maildir", folder.path + "/out"] + second)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.output == "Exported 12 messages of Archive to \(folder.path)/out.\n")
        #expect(try Self.maildirMessages(folder.path + "/out") == original, "byte for byte, flag for flag, time for time")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/out/cur")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path + "/out/cur/" + names[0])
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "mail is private")

        // A store that leaves bodies on the server downloads them for the export.
        let lazyConfig = try folder.write("lazy.toml", try String(contentsOfFile: config, encoding: .utf8) + "\nbodies = \"on-demand\"\n")
        let lazy = ["--config", lazyConfig, "--data-dir", folder.path + "/lazy"]
        #expect(try MerleProcess.run(["sync"] + lazy).status == 0)
        let lazyStore = try MailStore(path: folder.path + "/lazy/merle.sqlite")
        let waiting = try lazyStore.messagesWithoutBytes(folderId: try lazyStore.folder(named: "Archive").id!)
        #expect(waiting > 0, "some bodies stay on the server: \(waiting)")
        let fetched = try MerleProcess.run(["export", "Archive", "--maildir", folder.path + "/lazy-out"] + lazy)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(try Self.maildirMessages(folder.path + "/lazy-out") == original)

        // The synced store recognises what the server has: importing again adds nothing.
        let synced = try MerleProcess.run(["import", "maildir", maildir, "Archive"] + second)
        #expect(synced.output == "Imported 0 messages into Archive; 12 were there already.\n", "\(synced.output)")
        // Exporting into the same Maildir again adds files under new names; none is written over.
        _ = try MerleProcess.run(["export", "Archive", "--maildir", folder.path + "/out"] + second)
        #expect(try Self.maildirMessages(folder.path + "/out").count == 24)
    }

    @Test(arguments: [("mboxrd.mbox", "mboxrd"), ("mutt-mboxo.mbox", "mboxo")])
    func anMboxRoundTripsThroughDovecotByteForByte(file: String, quoting: String) throws {
        let servers = try TestServers.load()
        let user = try servers.user("boxer")
        let setup = try servers.imapClient(user)
        defer { try? setup.logout() }
        try setup.emptyMailbox()
        let folder = try TemporaryFolder()
        let config = try config(folder, servers: servers, user: user)
        let source = Self.fixtures + "/mbox/" + file
        let first = ["--config", config, "--data-dir", folder.path + "/first"]

        let imported = try MerleProcess.run(["import", "mbox", source, "Saved", "--quoting", quoting] + first)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.output.hasPrefix("Imported 8 messages into Saved (a new folder)"))
        #expect(try MerleProcess.run(["sync"] + first).status == 0)

        let checker = try servers.imapClient(user)
        defer { try? checker.logout() }
        let onServer = try Self.serverFolder(checker, "Saved")
        func flags(_ id: String) -> Set<String>? {
            onServer.first { String(decoding: $0.bytes, as: UTF8.self).contains("Message-ID: <\(id)") }?.flags
        }
        #expect(onServer.count == 8, "the mailbox's twins both arrive")
        #expect(flags("rd-1") == ["\\Seen", "\\Answered"] && flags("rd-2") == ["\\Seen", "\\Flagged"] && flags("rd-3") == [])
        #expect(flags("rd-7") == ["\\Seen", "\\Deleted"] && flags("rd-8") == ["\\Seen", "\\Draft"])
        let body = String(decoding: try #require(onServer.first { String(decoding: $0.bytes, as: UTF8.self).contains("rd-2@") }).bytes, as: UTF8.self)
        #expect(body.contains("\r\n\r\nFrom the start of a line.\r\n"), "unquoted on the way in")

        let second = ["--config", config, "--data-dir", folder.path + "/second"]
        #expect(try MerleProcess.run(["sync"] + second).status == 0)
        let out = folder.path + "/out.mbox"
        let exported = try MerleProcess.run(["export", "Saved", "--mbox", out, "--quoting", quoting] + second)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: source)), "the whole file, byte for byte")
        let refused = try MerleProcess.run(["export", "Saved", "--mbox", out] + second)
        #expect(refused.status == 1 && refused.stderr == "merle: \(out) exists already; Merle never writes over a file, so give a new name\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: source)), "untouched")

        // Flags changed elsewhere change the Status lines mutt reads, in place.
        let rd1 = try #require(try checker.uidSearch([.header("Message-ID", "rd-1@example.test")]).first)
        let rd3 = try #require(try checker.uidSearch([.header("Message-ID", "rd-3@navy.example")]).first)
        _ = try checker.select(MailboxName("Saved"))
        try checker.execute(.uidStore(SequenceSet([rd1]), StoreOperation(.remove, [.seen, .answered], silent: true)))
        try checker.execute(.uidStore(SequenceSet([rd3]), StoreOperation(.add, [.seen, .flagged], silent: true)))
        #expect(try MerleProcess.run(["sync"] + second).status == 0)
        let changed = folder.path + "/changed.mbox"
        #expect(try MerleProcess.run(["export", "Saved", "--mbox", changed, "--quoting", quoting] + second).status == 0)
        let text = try String(contentsOfFile: changed, encoding: .utf8)
        #expect(text.contains("Message-ID: <rd-1@example.test>\nStatus: O\n\n"), "no longer read nor answered")
        #expect(text.contains("Message-ID: <rd-3@navy.example>\nStatus: RO\nX-Status: F\n\n"), "read and flagged now")
    }

    @Test func aGmailExportsDatesAndWhatIsNotAnMbox() throws {
        let folder = try TemporaryFolder()
        let config = try TestConfig.unreachable(in: folder, incoming: "pop3")
        let global = ["--config", config, "--data-dir", folder.path + "/data"]
        let imported = try MerleProcess.run(["import", "mbox", Self.fixtures + "/mbox/gmail-takeout.mbox", "Gmail"] + global)
        #expect(imported.output == "Imported 2 messages into Gmail (a new folder).\n", "\(imported.output) \(imported.stderr)")
        let store = try MailStore(path: folder.path + "/data/merle.sqlite")
        let messages = try store.messagesForExport(folderId: try store.folder(named: "Gmail").id!)
        #expect(messages.map(\.internalDate) == [Date(timeIntervalSince1970: 1_733_131_800), Date(timeIntervalSince1970: 1_733_288_399)],
                "the From lines' times with their zones")
        #expect(messages.map(\.uid) == [1, 2], "a POP3 account numbers them itself")
        #expect(try store.journal(accountId: try store.accounts()[0].id!).isEmpty, "nothing to replay on a POP3 server")

        let message = try folder.write("one.eml", "Subject: a lone message\n\nbody\n")
        let refused = try MerleProcess.run(["import", "mbox", message, "Gmail"] + global)
        #expect(refused.status == 1)
        #expect(refused.stderr == "merle: \(message) is not an mbox: its first line is not a \"From \" line with a sender and a date\n")
        let notMaildir = try MerleProcess.run(["import", "maildir", folder.path, "Gmail"] + global)
        #expect(notMaildir.status == 1 && notMaildir.stderr.contains("is not a Maildir: it has no cur/ and new/ folders"))
        #expect(try store.messagesForExport(folderId: try store.folder(named: "Gmail").id!).count == 2, "nothing was added")
        let both = try MerleProcess.run(["export", "Gmail", "--mbox", "x", "--maildir", "y"] + global)
        #expect(both.status != 0 && both.stderr.contains("give one of --mbox FILE and --maildir DIR"))
    }

    /// A POP3 account keeps imported mail in its store; the progress line shows on a
    /// terminal; the export gives the Maildir back.
    @Test func aPOP3AccountKeepsImportedMailAndAProgressLineShows() throws {
        let folder = try TemporaryFolder()
        let maildir = try Self.copyMaildir(into: folder)
        let config = try TestConfig.unreachable(in: folder, incoming: "pop3")
        let data = folder.path + "/data"
        // On a terminal (script(1) gives it one), the import says how far it is.
        let command = [MerleProcess.binary.path, "import", "maildir", maildir, "Archive", "--config", config, "--data-dir", data]
            .map { "'\($0)'" }.joined(separator: " ")
        let shown = try MerleProcess.run(program: "/usr/bin/script", ["-qec", command, "/dev/null"],
                                         environment: ProcessInfo.processInfo.environment)
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.output.contains("Archive: importing 12 of 12 [####################]"), "\(shown.output)")
        #expect(shown.output.contains("Imported 12 messages into Archive (a new folder)."))
        let listed = try MerleProcess.run(["list", "Archive", "--json", "--limit", "100", "--config", config, "--data-dir", data]).jsonRows()
        #expect(listed.count == 12)
        #expect(listed.contains { ($0["flags"] as? [String]) == ["\\Flagged", "\\Answered", "\\Seen"] })
        let out = folder.path + "/out"
        #expect(try MerleProcess.run(["export", "Archive", "--maildir", out, "--config", config, "--data-dir", data]).status == 0)
        #expect(try Self.maildirMessages(out) == Self.maildirMessages(maildir))
    }
}
