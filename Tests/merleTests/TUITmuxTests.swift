import Foundation
import Testing

/// End to end in a real terminal: `merle demo` under tmux, driven with send-keys and read
/// with capture-pane. Each test runs its own tmux server (a unique socket name) and
/// kills it at the end, pass or fail.
@Suite(.serialized) struct TUITmuxTests {
    /// One tmux server with one session running a shell, sized exactly.
    final class TmuxSession {
        let socket = "merle-tui-test-" + UUID().uuidString.prefix(8)
        let target = "merle"
        private var serverPid: pid_t?
        private var panePid: pid_t?
        private var closed = false

        init(columns: Int, rows: Int) throws {
            // A clean shell with a UTF-8 locale and a known prompt; no user rc files.
            try tmux(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(columns)", "-y", "\(rows)",
                      "env -i PATH=/usr/bin:/bin HOME=\(NSTemporaryDirectory()) TERM=screen LANG=C.UTF-8 PS1='$ ' sh"])
            // Keep the window at our size even with no client attached.
            try tmux(["set-option", "-t", target, "window-size", "manual"])
            serverPid = pid_t(try display("#{pid}"))
            panePid = pid_t(try display("#{pane_pid}"))
        }

        deinit {
            close()
        }

        /// Ends the session and its server, whatever state the test left them in.
        /// kill-session first: on tmux 3.3a a detached server has been seen to outlive
        /// kill-server; as a last resort the server and the pane's shell are killed by pid.
        func close() {
            guard !closed else { return }
            closed = true
            let pids = [serverPid, panePid].compactMap { $0 }
            _ = try? tmux(["kill-session", "-t", target])
            _ = try? tmux(["kill-server"])
            for pid in pids where kill(pid, 0) == 0 {
                kill(pid, SIGKILL)
            }
            try? FileManager.default.removeItem(atPath: "/tmp/tmux-\(getuid())/\(socket)")
        }

        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            try TUITmuxTests.runTool(["/usr/bin/tmux", "-L", socket, "-u"] + arguments)
        }

        func send(_ keys: String...) throws {
            try tmux(["send-keys", "-t", target] + keys)
        }

        func type(_ text: String) throws {
            try tmux(["send-keys", "-t", target, "-l", text])
        }

        func capture(escapes: Bool = false) throws -> String {
            try tmux(["capture-pane", "-p", "-t", target] + (escapes ? ["-e"] : []))
        }

        func display(_ format: String) throws -> String {
            try tmux(["display-message", "-p", "-t", target, format]).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Polls the pane until `predicate` holds (or fails after `seconds`).
        @discardableResult
        func waitFor(_ what: String, seconds: Double = 20, _ predicate: (String) -> Bool) throws -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var last = ""
            while Date() < deadline {
                last = try capture()
                if predicate(last) { return last }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("timed out waiting for \(what); the pane shows:\n\(last)")
            throw CancellationError()
        }

        func resize(columns: Int, rows: Int) throws {
            try tmux(["resize-window", "-t", target, "-x", "\(columns)", "-y", "\(rows)"])
        }
    }

    /// Runs a tool and returns its standard output. Not `Process`: Foundation notices a
    /// child's exit by a socket the child inherits, and the tmux server that new-session
    /// forks would inherit it too and keep the caller waiting for ever. Here the tool runs
    /// under bash, which closes every descriptor above 2 first, and we wait for its pid.
    static func runTool(_ arguments: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "merle-tmux-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let script = #"for fd in $(ls /proc/$$/fd); do if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi; done; exec "$@""#
        let argv = ["/bin/bash", "-c", script, "bash"] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/bash", &actions, nil, &cArguments, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Seeds the demo store (not on a terminal, so it prints and exits) and returns its folder.
    static func seededDemo(_ folder: TemporaryFolder, messages: Int = 200) throws {
        let seeded = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "\(messages)"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
    }

    func startDemo(in session: TmuxSession, dataDir: String) throws {
        let command = "\(Self.shellQuote(MerleProcess.binary.path)) demo --data-dir \(Self.shellQuote(dataDir)); echo MERLE-EXIT=$?"
        try session.type(command)
        try session.send("Enter")
        try session.waitFor("the index") { $0.contains("-- demo/INBOX") }
    }

    @Test func browseOpenAMessageAndQuitRestoresTheTerminal() throws {
        let folder = try TemporaryFolder()
        try Self.seededDemo(folder)
        let session = try TmuxSession(columns: 100, rows: 30)
        defer { session.close() }
        try startDemo(in: session, dataDir: folder.path)
        var screen = try session.capture()
        #expect(screen.contains("Inbox"))
        #expect(screen.contains("Drafts"))
        #expect(screen.contains("1/"))
        #expect(try session.display("#{alternate_on}") == "1")

        try session.send("j", "j")
        screen = try session.waitFor("the selection to move") { $0.contains("3/") }
        try session.send("Enter")
        screen = try session.waitFor("the pager") { $0.contains("message 3/") }
        #expect(screen.contains("From: "))
        #expect(screen.contains("Subject: "))
        try session.send("J")
        try session.waitFor("the next message") { $0.contains("message 4/") }
        try session.send("?")
        screen = try session.waitFor("help") { $0.contains("Message index") }
        try session.send("q")
        try session.waitFor("the pager again") { $0.contains("message 4/") }
        try session.send("q")
        try session.waitFor("the index again") { $0.contains("4/") && !$0.contains("message 4/") }
        try session.send("q")
        screen = try session.waitFor("the shell") { $0.range(of: "MERLE-EXIT=[0-9]", options: .regularExpression) != nil }
        #expect(screen.contains("MERLE-EXIT=0"))
        #expect(!screen.contains("-- demo/INBOX"), "the alternate screen is gone")
        #expect(try session.display("#{alternate_on}") == "0")
        #expect(try session.display("#{cursor_flag}") == "1", "the cursor is visible again")
        // The tty is back in cooked mode with echo.
        // The marker is split in the command so only the output line ends with it.
        try session.type("stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\\n' ' '; echo STTY-DO\"\"NE")
        try session.send("Enter")
        screen = try session.waitFor("stty") { $0.split(separator: "\n").contains { $0.hasSuffix("STTY-DONE") } }
        let modes = screen.split(separator: "\n").first { $0.hasSuffix("STTY-DONE") } ?? ""
        #expect(modes == "icanon echo STTY-DONE", "the tty is cooked with echo again")
    }

    @Test func aKillSignalStillRestoresTheTerminal() throws {
        let folder = try TemporaryFolder()
        try Self.seededDemo(folder, messages: 50)
        let session = try TmuxSession(columns: 80, rows: 24)
        defer { session.close() }
        try startDemo(in: session, dataDir: folder.path)
        #expect(try session.display("#{alternate_on}") == "1")
        let shell = try session.display("#{pane_pid}")
        let children = try Self.runTool(["/usr/bin/ps", "-o", "pid=", "--ppid", shell])
        let merle = try #require(children.split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }.first)
        kill(merle, SIGTERM)
        let screen = try session.waitFor("the shell") { $0.range(of: "MERLE-EXIT=[0-9]", options: .regularExpression) != nil }
        #expect(screen.contains("MERLE-EXIT=143"), "ended by SIGTERM")
        #expect(try session.display("#{alternate_on}") == "0", "the alternate screen was left")
        try session.type("stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\\n' ' '; echo STTY-DO\"\"NE")
        try session.send("Enter")
        let after = try session.waitFor("stty") { $0.split(separator: "\n").contains { $0.hasSuffix("STTY-DONE") } }
        #expect(after.split(separator: "\n").first { $0.hasSuffix("STTY-DONE") } == "icanon echo STTY-DONE")
    }

    @Test func plainMerleWithoutAccountsPointsToTheDemo() throws {
        let folder = try TemporaryFolder()
        let result = try MerleProcess.run(["--config", folder.path + "/missing.toml", "--data-dir", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("merle: no accounts configured; try merle demo"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func ctrlZSuspendsAndFgResumes() throws {
        let folder = try TemporaryFolder()
        try Self.seededDemo(folder, messages: 50)
        let session = try TmuxSession(columns: 80, rows: 24)
        defer { session.close() }
        try startDemo(in: session, dataDir: folder.path)
        try session.send("j")
        try session.waitFor("the selection") { $0.contains("2/") }
        try session.send("C-z")
        try session.waitFor("the job to stop") { $0.contains("Stopped") }
        #expect(try session.display("#{alternate_on}") == "0", "the terminal is handed back while stopped")
        try session.type("fg")
        try session.send("Enter")
        let screen = try session.waitFor("the index again") { $0.contains("-- demo/INBOX") }
        #expect(screen.contains("2/"), "the state survived the suspension")
        #expect(try session.display("#{alternate_on}") == "1")
        try session.send("q")
        try session.waitFor("the shell") { !$0.contains("-- demo/INBOX") }
        #expect(try session.display("#{alternate_on}") == "0")
    }

    @Test func resizeTo40x10AndBack() throws {
        let folder = try TemporaryFolder()
        try Self.seededDemo(folder)
        let session = try TmuxSession(columns: 100, rows: 30)
        defer { session.close() }
        try startDemo(in: session, dataDir: folder.path)
        try session.send("G")
        try session.waitFor("the last message") { $0.range(of: #"([0-9]+)/\1 --"#, options: .regularExpression) != nil }
        try session.resize(columns: 40, rows: 10)
        var screen = try session.waitFor("the small layout") { $0.split(separator: "\n").contains { $0.contains("-- demo/INBOX") } && !$0.contains("Drafts") }
        for line in screen.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.count <= 40)
        }
        try session.send("Enter")
        screen = try session.waitFor("the pager at 40x10") { $0.contains("message ") || $0.contains("From:") }
        try session.send("q")
        try session.resize(columns: 100, rows: 30)
        screen = try session.waitFor("the wide layout") { $0.contains("Drafts") && $0.contains("-- demo/INBOX") }
        #expect(screen.split(separator: "\n").count >= 28)
        try session.send("q")
        screen = try session.waitFor("the shell") { $0.range(of: "MERLE-EXIT=[0-9]", options: .regularExpression) != nil }
        #expect(screen.contains("MERLE-EXIT=0"), "no crash")
    }

    @Test func escapeSequencesInMessagesNeverReachTheTerminal() throws {
        let folder = try TemporaryFolder()
        try Self.seededDemo(folder, messages: 50)
        try HostileMessage.insert(into: folder.path + "/demo/merle.sqlite")
        let session = try TmuxSession(columns: 120, rows: 30)
        defer { session.close() }
        try startDemo(in: session, dataDir: folder.path)
        // The hostile message is the newest in INBOX: first row.
        var plain = try session.capture()
        #expect(plain.contains("Mallory"))
        var raw = try session.capture(escapes: true)
        HostileMessage.expectNoHostileSequences(raw)
        try session.send("Enter")
        plain = try session.waitFor("the hostile message") { $0.contains("Body") && $0.contains("end.") }
        raw = try session.capture(escapes: true)
        HostileMessage.expectNoHostileSequences(raw)
        #expect(try session.display("#{pane_title}") != "pwned", "no OSC title change")
        // Its folder, with escapes in the name, in the sidebar.
        try session.send("q", "Tab", "G")
        plain = try session.waitFor("the sidebar") { $0.contains("Inbox?") || $0.contains("Inbox") }
        raw = try session.capture(escapes: true)
        HostileMessage.expectNoHostileSequences(raw)
        try session.send("Tab")
        try session.send("q")
        try session.waitFor("the shell") { $0.contains("MERLE-EXIT=0") }
        // The terminal never answered a CSI 6n: no cursor report was typed into the shell.
        let shell = try session.capture()
        #expect(shell.range(of: #"[0-9]+;[0-9]+R"#, options: .regularExpression) == nil, "no cursor position report: \(shell)")
    }
}
