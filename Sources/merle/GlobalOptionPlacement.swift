import ArgumentParser

/// Lets the global options come before the subcommand as well as after it
/// (`merle --config X sync`, `merle --data-dir D folder create X`), as `git -C` and
/// `notmuch --config` do.
///
/// argument-parser reads options only where the command that declares them is being
/// parsed, and the root command's default subcommand (`tui`) takes every argument that
/// does not start with a subcommand's name: `merle --data-dir D list INBOX` would reach
/// `tui` as `--data-dir D list INBOX`. So before parsing, global options written in
/// front of (or between the words of) the subcommand's name move to just after it.
/// Arguments without a subcommand (`merle`, `merle --offline`, `merle --data-dir D`)
/// are left alone: the default subcommand takes them as before.
enum GlobalOptionPlacement {
    /// The global options (`GlobalOptions`); each takes a value.
    static let optionNames: Set<String> = ["--config", "--data-dir"]

    /// `arguments` (without the program name) with the global options written before or
    /// inside the subcommand path moved to just after it.
    static func arrange(_ arguments: [String], root: ParsableCommand.Type) -> [String] {
        var command = root
        var path: [String] = []
        var moved: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if let name = word.split(separator: "=", maxSplits: 1).first.map(String.init), optionNames.contains(name) {
                if word.contains("=") {
                    moved.append(word)
                    index += 1
                } else {
                    // A missing value (or one that looks like an option) is left for the
                    // parser to report as it would anyway.
                    guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") else { return arguments }
                    moved += [word, arguments[index + 1]]
                    index += 2
                }
            } else if let subcommand = subcommand(named: word, of: command) {
                path.append(word)
                command = subcommand
                index += 1
            } else {
                break
            }
        }
        guard !path.isEmpty, !moved.isEmpty else { return arguments }
        return path + moved + arguments[index...]
    }

    /// The subcommand of `command` called `name` (or one of its aliases).
    private static func subcommand(named name: String, of command: ParsableCommand.Type) -> ParsableCommand.Type? {
        command.configuration.subcommands.first { subcommand in
            subcommand._commandName == name || subcommand.configuration.aliases.contains(name)
        }
    }
}
