import Foundation
import Testing

/// The reader's habits that keep mail where the user put it, in a real terminal on the
/// demo store: tags reach every action, what cannot be undone is asked first, and an
/// opened message becomes read.
@Suite(.serialized) struct ReaderTrustTmuxTests {
    typealias Session = TUITmuxTests.TmuxSession

    /// The demo open in tmux on a fresh store.
    func demo(_ folder: TemporaryFolder, columns: Int = 120, rows: Int = 30, editor: String = "true") throws -> Session {
        try TUITmuxTests.seededDemo(folder, messages: 120)
        let session = try Session(columns: columns, rows: rows)
        let command = "EDITOR=\(editor) \(TUITmuxTests.shellQuote(MerleProcess.binary.path)) demo --data-dir \(TUITmuxTests.shellQuote(folder.path)); echo MERLE-EXIT=$?"
        try session.type(command)
        try session.send("Enter")
        try session.waitFor("the index") { $0.contains("-- demo/INBOX") }
        return session
    }

    /// The "[N messages, M unread]" counts of the status line.
    static func counts(_ screen: String) -> (total: Int, unread: Int)? {
        guard let match = screen.firstMatch(of: /\[(\d+) messages?, (\d+) unread\]/) else { return nil }
        return (Int(match.1)!, Int(match.2)!)
    }

    /// Index rows marked as tagged (`*` at the end of the five-place flag column).
    static func taggedRows(_ screen: String) -> Int {
        screen.split(separator: "\n").filter { line in
            guard let bar = line.firstIndex(of: "│") else { return false }
            let row = line[line.index(after: bar)...]
            // A tag shows as * in the flag column (the first six places).
            return row.prefix(6).contains("*")
        }.count
    }

    @Test func moveTakesEveryTaggedMessageAndEscapeKeepsTheTags() throws {
        let folder = try TemporaryFolder()
        let session = try demo(folder)
        defer { session.close() }
        let before = try #require(Self.counts(try session.capture()))
        try session.send("t", "t")
        try session.waitFor("two tags") { Self.taggedRows($0) == 2 }
        try session.send("s")
        try session.waitFor("the move prompt") { $0.contains("Move to folder:") }
        try session.send("Escape")
        var screen = try session.waitFor("the prompt to close") { !$0.contains("Move to folder:") }
        #expect(Self.taggedRows(screen) == 2, "Escape keeps the tags")
        try session.send("s")
        try session.waitFor("the move prompt") { $0.contains("Move to folder:") }
        try session.type("Archive")
        try session.send("Enter")
        screen = try session.waitFor("the move") { $0.contains("Moved 2 messages to Archive.") }
        #expect(Self.counts(screen)?.total == before.total - 2, "both tagged messages left INBOX")
        #expect(Self.taggedRows(screen) == 0)
    }

    @Test func deletingInTrashAndDeletingAFolderAskFirst() throws {
        let folder = try TemporaryFolder()
        let session = try demo(folder)
        defer { session.close() }
        try session.send(":")
        try session.type("folder Trash")
        try session.send("Enter")
        var screen = try session.waitFor("Trash") { $0.contains("-- demo/Trash") }
        let trash = try #require(Self.counts(screen))
        #expect(trash.total > 0)
        try session.send("d")
        try session.waitFor("the question") { $0.contains("Delete this message for good? It is in Trash; this cannot be undone. (y/n)") }
        try session.send("n")
        screen = try session.waitFor("the answer") { $0.contains("Nothing deleted.") }
        #expect(Self.counts(screen)?.total == trash.total)
        try session.send("d")
        try session.waitFor("the question") { $0.contains("(y/n)") }
        try session.send("y")
        screen = try session.waitFor("the delete") { $0.contains("Deleted 1 message for good.") }
        #expect(Self.counts(screen)?.total == trash.total - 1)
        try session.send("u")
        try session.waitFor("the reason") { $0.contains("that cannot be undone") }

        try session.send(":")
        try session.type("delete-folder Archive")
        try session.send("Enter")
        screen = try session.waitFor("the question") { $0.contains("Delete the folder Archive? Its ") }
        try session.send("n")
        try session.waitFor("the folder kept") { $0.contains("The folder Archive was kept.") }
        try session.send(":")
        try session.type("folder Archive")
        try session.send("Enter")
        try session.waitFor("Archive still there") { $0.contains("-- demo/Archive") }
    }

    @Test func openingAnUnreadMessageMarksItRead() throws {
        let folder = try TemporaryFolder()
        let session = try demo(folder)
        defer { session.close() }
        let before = try #require(Self.counts(try session.capture()))
        #expect(before.unread > 0)
        try session.send("/")
        try session.type("is:unread")
        try session.send("Enter")
        try session.waitFor("the unread messages") { $0.contains("search: is:unread") }
        try session.send("Enter")
        try session.waitFor("the pager") { $0.contains("message 1/") }
        try session.send("q", "Escape")
        let screen = try session.waitFor("one fewer unread") { Self.counts($0)?.unread == before.unread - 1 }
        #expect(Self.counts(screen)?.total == before.total)
    }

    /// Context switches of every thread of a process so far.
    static func switches(of pid: String) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.reduce(0) { total, task in
            let status = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8)) ?? ""
            return total + status.split(separator: "\n").filter { $0.contains("ctxt_switches") }
                .compactMap { Int($0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") }.reduce(0, +)
        }
    }

    @Test func anIdleReaderSleepsUntilAKeyOrAnEvent() throws {
        let folder = try TemporaryFolder()
        let session = try demo(folder)
        defer { session.close() }
        let shell = try session.display("#{pane_pid}")
        let children = try TUITmuxTests.runTool(["/usr/bin/ps", "-o", "pid=", "--ppid", shell])
        let pid = try #require(children.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty })
        Thread.sleep(forTimeInterval: 1)
        let before = Self.switches(of: pid)
        Thread.sleep(forTimeInterval: 3)
        let idle = Self.switches(of: pid) - before
        #expect(idle <= 3, "the idle reader woke \(idle) times in 3 s")
        // And it answers a key at once.
        try session.send("j")
        try session.waitFor("the key", seconds: 2) { $0.contains("2/") }
    }

    @Test func aWrittenMessageIsReviewedAndAnEmptyOneIsAskedAbout() throws {
        let folder = try TemporaryFolder()
        let session = try demo(folder)
        defer { session.close() }
        try session.send("m")
        try session.type("friend@example.test")
        try session.send("Enter")
        try session.type("Lunch")
        try session.send("Enter")
        var screen = try session.waitFor("the review") { $0.contains("y:Send  d:Save draft") }
        #expect(screen.contains("To:      friend@example.test") && screen.contains("Subject: Lunch"), "\(screen)")
        try session.send("y")
        try session.waitFor("the question") { $0.contains("The message has no text. Send it anyway? (y/n)") }
        try session.send("n")
        try session.send("q")
        try session.waitFor("the discard question") { $0.contains("Discard this message? (y/n)") }
        try session.send("y")
        screen = try session.waitFor("the index") { $0.contains("Discarded.") }
        #expect(screen.contains("-- demo/INBOX"))
    }
}
