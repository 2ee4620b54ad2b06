import Foundation
import MailMessage

/// Runs an `address_book_command`: the query convention of mutt's `query_command`, which
/// khard (`khard email --parsable`), abook (`abook --mutt-query`) and notmuch-address
/// follow. The command prints one `address<TAB>name[<TAB>…]` line per match; a first line
/// that is not one (abook's and khard's header) is skipped, and so is any other line
/// that is neither that nor a plain address (`Name <a@b>`, as notmuch-address prints).
///
/// The query never passes through the shell's parser: it is the shell's `$1`, and `%s`
/// in the command (quoted or not: `'%s'`, `"%s"`, `%s`) becomes `"$1"`, so a query such
/// as `x'; rm -rf ~ #` reaches the command as one argument and runs nothing
/// (SECURITY.md). Without `%s` the query is added at the end.
public enum AddressBookCommand {
    /// Why the command gave no answer. Carries none of its output.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var command: String
        public var reason: String

        public init(command: String, reason: String) {
            self.command = command
            self.reason = reason
        }

        public var description: String {
            "the address_book_command (\(command)) \(reason); run it in a shell with a name to see why, then fix address_book_command"
        }
    }

    /// The most a command may print (a whole address book is a few hundred KB).
    static let outputLimit = 4 << 20
    /// The most matches kept from one query.
    static let maximumMatches = 1_000

    /// The matches for `query`, in the command's order (an empty query asks for every
    /// address, as khard and abook answer it). `quiet`: its errors are not shown (the
    /// reader owns the terminal). A query starting with `-` would read as an option to
    /// the command and gets no matches.
    public static func query(_ command: String, for query: String, timeout: Double, quiet: Bool = false) throws -> [Address] {
        let query = query.trimmingCharacters(in: .whitespaces)
        guard !query.hasPrefix("-"), !query.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return []
        }
        let result: ShellOutput
        do {
            result = try ShellOutput.run(shellCommand(command), arguments: [query], quiet: quiet, timeout: timeout,
                                         outputLimit: outputLimit, stopAtLimit: true)
        } catch let error as ShellOutput.Failure {
            throw Failure(command: command, reason: error.reason)
        }
        // 126 and 127: the shell could not run it. Any other status with no matches is
        // "nothing found": abook and khard exit 1 then.
        guard result.status != 126, result.status != 127 else {
            throw Failure(command: command, reason: result.status == 127 ? "was not found" : "could not be run")
        }
        return parse(result.output)
    }

    /// The command the shell runs: every `%s` (with the quotes around it, if any) is the
    /// query as `"$1"`; with none, the query is added at the end.
    static func shellCommand(_ template: String) -> String {
        var command = template
        for form in ["'%s'", "\"%s\"", "%s"] {
            command = command.replacingOccurrences(of: form, with: "\"$1\"")
        }
        return command == template ? template + " \"$1\"" : command
    }

    /// The matches in a command's output, duplicates (by address, any case) left out.
    static func parse(_ output: [UInt8]) -> [Address] {
        var seen = Set<String>()
        var matches: [Address] = []
        for rawLine in String(decoding: output, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            guard matches.count < maximumMatches, let match = match(in: rawLine.trimmingCharacters(in: .whitespaces)) else { continue }
            if seen.insert(match.mailbox.lowercased()).inserted { matches.append(match) }
        }
        return matches
    }

    /// One line: `address<TAB>name…`, or a lone address with or without a name.
    private static func match(in line: String) -> Address? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if fields.count >= 2 {
            guard looksLikeMailbox(fields[0]) else { return nil }
            return Address(name: cleanName(fields[1]), mailbox: fields[0])
        }
        let parsed = AddressParser.parseList(line).addresses
        guard parsed.count == 1, let only = parsed.first, looksLikeMailbox(only.mailbox) else { return nil }
        return Address(name: only.name.map(cleanName), mailbox: only.mailbox)
    }

    /// An address that can go into a To line as it stands.
    static func looksLikeMailbox(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && text.count <= 320
            && !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control || "<>,;:\"()[]\\".unicodeScalars.contains($0) }
    }

    /// A name without control characters (they would break a header line).
    static func cleanName(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.properties.generalCategory != .control }))
            .trimmingCharacters(in: .whitespaces)
    }
}
