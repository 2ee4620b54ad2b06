import Foundation

/// The user's mailcap files (RFC 1524): which program shows which type. Read from
/// `$MAILCAPS` (a colon-separated list, as RFC 1524 appendix A says) or else
/// `~/.mailcap` then `/etc/mailcap`; the first entry that matches wins.
public struct Mailcap: Sendable, Equatable {
    /// One line: `type/subtype; command; flag; field=value …`.
    public struct Entry: Sendable, Equatable {
        /// Lower-cased, `image/*` or `image` for every image subtype.
        public var type: String
        public var command: String
        /// `needsterminal`, `copiousoutput` … (lower-cased).
        public var flags: Set<String>
        /// `test`, `nametemplate`, `description` … (names lower-cased).
        public var fields: [String: String]

        public init(type: String, command: String, flags: Set<String> = [], fields: [String: String] = [:]) {
            self.type = type.lowercased()
            self.command = command
            self.flags = flags
            self.fields = fields
        }

        /// Whether the program's output is the thing to read (shown in the pager).
        public var copiousOutput: Bool { flags.contains("copiousoutput") }
        public var needsTerminal: Bool { flags.contains("needsterminal") }

        /// Whether it is for `mediaType` (`type/subtype`, any case).
        public func matches(_ mediaType: String) -> Bool {
            let wanted = mediaType.lowercased()
            if type == wanted { return true }
            let major = wanted.split(separator: "/").first.map(String.init) ?? wanted
            return type == major + "/*" || type == major
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The files read, in order: `$MAILCAPS`, else `~/.mailcap` and `/etc/mailcap`.
    public static func searchPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if let list = environment["MAILCAPS"], !list.isEmpty {
            return list.split(separator: ":").map { ($0 as NSString).expandingTildeInPath }
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return [home + "/.mailcap", "/etc/mailcap"]
    }

    /// Every entry of the files that exist, in order.
    public static func load(paths: [String] = searchPath()) -> Mailcap {
        Mailcap(entries: paths.flatMap { path -> [Entry] in
            guard let data = FileManager.default.contents(atPath: path) else { return [] }
            return parse(String(decoding: data, as: UTF8.self))
        })
    }

    /// RFC 1524 section 3: `#` comments, a backslash at the end of a line continues it,
    /// fields split at `;` (`\;` is a semicolon in a field). Lines without a type and a
    /// command are skipped.
    public static func parse(_ text: String) -> [Entry] {
        var logical: [String] = []
        var current = ""
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            if current.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            if line.hasSuffix("\\") {
                current += line.dropLast()
            } else {
                current += line
                logical.append(current)
                current = ""
            }
        }
        if !current.isEmpty { logical.append(current) }
        return logical.compactMap { line in
            let fields = splitFields(line)
            guard fields.count >= 2 else { return nil }
            let type = fields[0].trimmingCharacters(in: .whitespaces)
            let command = fields[1].trimmingCharacters(in: .whitespaces)
            guard !type.isEmpty, !command.isEmpty else { return nil }
            var flags: Set<String> = []
            var named: [String: String] = [:]
            for field in fields.dropFirst(2) {
                let trimmed = field.trimmingCharacters(in: .whitespaces)
                if let equals = trimmed.firstIndex(of: "=") {
                    named[trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()] =
                        trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                } else if !trimmed.isEmpty {
                    flags.insert(trimmed.lowercased())
                }
            }
            return Entry(type: type, command: command, flags: flags, fields: named)
        }
    }

    /// `;` separates fields; `\;` is kept as `;`, other backslashes as they are (the
    /// shell reads them).
    static func splitFields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var characters = line.makeIterator()
        while let character = characters.next() {
            if character == "\\" {
                if let next = characters.next() {
                    if next == ";" { field.append(";") } else { field.append(character); field.append(next) }
                }
            } else if character == ";" {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }

    /// The first entry for `mediaType` whose `test` command (if any) succeeds; with
    /// `copiousOutput` only entries that print their result.
    public func entry(for mediaType: String, copiousOutput: Bool = false,
                      test: (Entry) -> Bool = { _ in true }) -> Entry? {
        entries.first { $0.matches(mediaType) && (!copiousOutput || $0.copiousOutput) && ($0.fields["test"] == nil || test($0)) }
    }
}
