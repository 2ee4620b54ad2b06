import Foundation
import Testing

/// `scripts/install` into a temporary prefix with the binary under test (a release build
/// in a test would take minutes; `scripts/install --binary` skips only the build), then
/// what users expect of an installed command: it runs from there, finds its themes, `man`
/// shows its pages, the shells load its completions and complete folder names from the
/// store; `--uninstall` leaves the prefix as it was.
@Suite(.serialized) struct InstallTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // merleTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// Runs a program (not merle) with the environment given on top of this one.
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> MerleProcess.Result {
        try MerleProcess.run(program: program, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }

    static func install(_ arguments: [String]) throws -> MerleProcess.Result {
        try run("/bin/bash", [repository.appendingPathComponent("scripts/install").path] + arguments)
    }

    /// Every path under `root`, folders with a trailing slash.
    static func tree(_ root: String) -> Set<String> {
        var paths: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            paths.insert(isDirectory.boolValue ? path + "/" : path)
        }
        return paths
    }

    @Test func installRunUninstall() throws {
        let folder = try TemporaryFolder()
        let prefix = folder.path + "/prefix"
        // Something of the user's already under the prefix stays untouched.
        try FileManager.default.createDirectory(atPath: prefix + "/share/man/man1", withIntermediateDirectories: true)
        _ = try folder.write("prefix/share/man/man1/other.1", ".Dd\n")
        let before = Self.tree(prefix)

        let installed = try Self.install(["--binary", MerleProcess.binary.path, prefix])
        #expect(installed.status == 0, "\(installed.output) \(installed.stderr)")
        for path in ["bin/merle", "share/man/man1/merle.1", "share/man/man5/merle-config.5", "share/bash-completion/completions/merle",
                     "share/zsh/site-functions/_merle", "share/fish/vendor_completions.d/merle.fish",
                     "share/merle/themes/default.toml", "share/merle/themes/light.toml", "share/merle/install-manifest"] {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + path), "\(path) not installed")
        }
        let merle = prefix + "/bin/merle"
        let version = try Self.run(merle, ["--version"])
        #expect(version.status == 0)
        #expect(version.output == (try MerleProcess.run(["--version"])).output)
        #expect(installed.output.contains("merle \(version.output.trimmingCharacters(in: .newlines)) installed in \(prefix)"))

        // It runs from there: the demo in a pipe prints folders.
        let data = folder.path + "/data"
        let demo = try Self.run(merle, ["demo", "--data-dir", data, "--messages", "30"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.output.contains("Folders:") && demo.output.contains("INBOX"))

        // Its themes: found in PREFIX/share/merle/themes (the reader then stops only
        // because a pipe is no terminal); the same binary elsewhere has only the default.
        let config = try TestConfig.unreachable(in: folder)
        let themed = try Self.run(merle, ["tui", "--offline", "--theme", "solarized-dark", "--config", config, "--data-dir", data])
        #expect(themed.stderr.contains("must be a terminal"), "\(themed.stderr)")
        try FileManager.default.createDirectory(atPath: folder.path + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: merle, toPath: folder.path + "/elsewhere/merle")
        let bare = try Self.run(folder.path + "/elsewhere/merle", ["tui", "--offline", "--theme", "solarized-dark", "--config", config, "--data-dir", data])
        #expect(bare.stderr.contains("no theme called solarized-dark"), "\(bare.stderr)")

        try checkManualPages(prefix: prefix, merle: merle)
        try checkCompletions(prefix: prefix, store: data + "/demo")

        // Uninstalled, the prefix is as it was before.
        let removed = try Self.install(["--uninstall", prefix])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.output.contains("removed 10 files"), "\(removed.output)")
        #expect(Self.tree(prefix) == before)
        #expect(try Self.install(["--uninstall", prefix]).status == 1, "nothing left to remove")
    }

    /// `man -l` shows both pages without a warning, and merle(1) has every command and
    /// option `--help` has (it is made from the same definitions at install time).
    func checkManualPages(prefix: String, merle: String) throws {
        let environment = ["MANWIDTH": "100", "MAN_KEEP_FORMATTING": "", "LC_ALL": "C.UTF-8"]
        // No hyphenation, and every run of spaces and line ends as one space.
        let page = try Self.run("/usr/bin/man", ["--nh", "--nj", "-l", prefix + "/share/man/man1/merle.1"], environment: environment)
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stderr.isEmpty, "\(page.stderr)")
        // man may also break a line after a word's own hyphen (List-Post): joined again.
        let text = page.output.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            .replacingOccurrences(of: #"(?<=[A-Za-z])- (?=[A-Za-z])"#, with: "-", options: .regularExpression)
        let help = try Self.run(merle, ["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: help.stdout) as? [String: Any])
        var checked = 0
        func walk(_ command: [String: Any], path: [String]) {
            guard command["shouldDisplay"] as? Bool ?? true else { return }
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            if subcommands.isEmpty, path.count > 1 {
                #expect(text.contains(path.joined(separator: " ")), "merle(1) lacks \(path.joined(separator: " "))")
                for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool ?? true {
                    for name in argument["names"] as? [[String: Any]] ?? [] where name["kind"] as? String == "long" {
                        #expect(text.contains("--\(name["name"] as? String ?? "")"), "merle(1) lacks \(path.joined(separator: " ")) --\(name["name"] ?? "")")
                    }
                    if let abstract = argument["abstract"] as? String, !abstract.isEmpty {
                        let words = abstract.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                        #expect(text.contains(words), "merle(1) lacks \"\(abstract)\"")
                    }
                    checked += 1
                }
            }
            for subcommand in subcommands {
                walk(subcommand, path: path + [subcommand["commandName"] as? String ?? ""])
            }
        }
        walk(try #require(root["command"] as? [String: Any]), path: ["merle"])
        #expect(checked > 60)
        #expect(text.contains("merle-config(5)"))

        let config = try Self.run("/usr/bin/man", ["-l", prefix + "/share/man/man5/merle-config.5"], environment: environment)
        #expect(config.status == 0, "\(config.stderr)")
        #expect(config.stderr.isEmpty, "\(config.stderr)")
        for key in ["password_command", "delete_after_days", "dsn_notify", "mark_read", "[keys.pager]"] {
            #expect(config.output.contains(key), "merle-config(5) lacks \(key)")
        }
    }

    /// The shells load the scripts and complete commands and folder names (read from the
    /// store the command line names) as a user pressing Tab would: bash by calling its
    /// completion function, zsh and fish typed into a terminal (tmux), since fish cannot
    /// run argument-parser's completion outside one (`complete -C` refuses `commandline`).
    func checkCompletions(prefix: String, store: String) throws {
        let path = ["PATH": prefix + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        func bash(_ line: String) throws -> Set<String> {
            let script = """
                source \(prefix)/share/bash-completion/completions/merle || exit 3
                COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
                read -r -a COMP_WORDS <<< "$COMP_LINE"; [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                _merle merle "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let result = try Self.run("/bin/bash", ["-c", script], environment: path)
            #expect(result.status == 0, "\(line): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(line): \(result.stderr)")
            return Set(result.output.split(separator: "\n").map(String.init))
        }
        #expect(try bash("merle fol") == ["folder", "folders"])
        #expect(try bash("merle list --data-dir \(store) ").isSuperset(of: ["INBOX", "Drafts", "Trash"]))
        #expect(try bash("merle list --data-dir \(store) Tr") == ["Trash"])
        #expect(try bash("merle folder delete --data-dir \(store) Dr") == ["Drafts"])
        #expect(try bash("merle list --data-dir \(try folderWithoutStore()) ").isEmpty, "no store: nothing, and no error")

        let zsh = "fpath=(\(prefix)/share/zsh/site-functions $fpath); autoload -Uz compinit; compinit -u -D"
        let fish = "source \(prefix)/share/fish/vendor_completions.d/merle.fish"
        for (shell, setUp) in [("zsh -f", zsh), ("fish --no-config", fish)] {
            let session = try TUITmuxTests.TmuxSession(columns: 160, rows: 20)
            defer { session.close() }
            try session.type("PATH=\(prefix)/bin:$PATH exec \(shell)")
            try session.send("Enter")
            // The marker is split where it is typed, so only its output matches.
            try session.type("\(setUp); echo LOADED''OK")
            try session.send("Enter")
            try session.waitFor("\(shell) loading the script") { $0.contains("LOADEDOK") }
            try session.type("merle list --data-dir \(store) Tr")
            try session.send("Tab")
            try session.waitFor("\(shell) completing a folder") { $0.contains("--data-dir \(store) Trash") }
            try session.send("C-u")
            try session.type("merle fold")
            try session.send("Tab")
            try session.waitFor("\(shell) completing a command") { $0.contains("merle folder") }
        }
    }

    func folderWithoutStore() throws -> String {
        try TemporaryFolder().path
    }
}
