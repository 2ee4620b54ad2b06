import Foundation
import Testing

/// The global options before the subcommand as well as after it (`merle --config X sync`,
/// DESIGN.md's command-line contract), while `merle` with no subcommand is still the reader.
@Suite struct GlobalOptionTests {
    @Test func theDemosHintWorksAsPrinted() throws {
        let folder = try TemporaryFolder()
        let demo = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "80"])
        #expect(demo.status == 0, "\(demo.stderr)")
        // The hint new users copy: `merle --data-dir DIR list INBOX --limit 20`.
        let hint = try #require(demo.output.split(separator: "\n").first { $0.contains("list INBOX --limit 20") })
        let words = hint.split(separator: " ").map(String.init)
        #expect(words.first == "merle" && words[1] == "--data-dir", "\(hint)")
        let list = try MerleProcess.run(Array(words.dropFirst()))
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.output.split(separator: "\n").count == 20)
        #expect(list.stderr.isEmpty)

        // The `--opt=value` form, in front and behind.
        let store = folder.path + "/demo"
        let front = try MerleProcess.run(["--data-dir=\(store)", "list", "INBOX", "--limit", "3", "--json"])
        let back = try MerleProcess.run(["list", "INBOX", "--limit", "3", "--json", "--data-dir=\(store)"])
        #expect(front.status == 0, "\(front.stderr)")
        #expect(front.output == back.output)
        #expect(front.output.split(separator: "\n").count == 3)
    }

    @Test func nestedSubcommandsTakeThemInFront() throws {
        let folder = try TemporaryFolder()
        let config = try TestConfig.unreachable(in: folder)
        let data = folder.path + "/data"

        for arguments in [["--config", config, "config", "check"], ["config", "--config", config, "check"],
                          ["config", "check", "--config", config], ["--config=\(config)", "config", "check"]] {
            let check = try MerleProcess.run(arguments)
            #expect(check.status == 0, "\(arguments): \(check.stderr)")
            #expect(check.output.contains("\(config): OK, 1 account"), "\(arguments): \(check.output)")
        }

        // Both global options in front of a command that needs both (compose makes the account).
        let compose = try MerleProcess.run(["--config", config, "--data-dir", data, "compose", "--to", "you@example.test",
                                            "--subject", "hello", "--body-file", try folder.write("body.txt", "Hello.\n")])
        #expect(compose.status == 0, "\(compose.stderr)")
        let create = try MerleProcess.run(["--data-dir", data, "folder", "create", "Projects"])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.output.contains("Created Projects"))
        let folders = try MerleProcess.run(["folders", "--data-dir", data])
        #expect(folders.output.contains("Projects"))
    }

    @Test func withoutASubcommandItIsStillTheReader() throws {
        let folder = try TemporaryFolder()
        let missing = folder.path + "/none.toml"
        // Each reaches the reader, which says there is nothing to read yet.
        for arguments in [["--config", missing], ["--offline", "--config", missing], ["--data-dir", folder.path, "--config", missing],
                          ["--config=\(missing)", "--offline"]] {
            let result = try MerleProcess.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("no accounts configured; try merle demo"), "\(arguments): \(result.stderr)")
        }
        // A word that is no subcommand is still an error of the reader's, not moved around.
        let wrong = try MerleProcess.run(["--config", missing, "lsit", "INBOX"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("lsit"))
    }

    @Test func versionIsPrinted() throws {
        let result = try MerleProcess.run(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        let version = result.output.trimmingCharacters(in: .newlines)
        #expect(version.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+$"#, options: .regularExpression) != nil, "\(result.output)")
        // The same version whatever else comes with it.
        #expect(try MerleProcess.run(["list", "--version"]).output == result.output)
    }
}
