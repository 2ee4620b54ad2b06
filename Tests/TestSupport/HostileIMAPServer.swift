import Foundation

/// A plain-text IMAP server on a `LoopbackServer` that answers just enough of RFC 9051
/// for a first sync (LOGIN, LIST, SELECT, UID SEARCH, UID FETCH, LOGOUT) and says
/// whatever hostile things a test scripts: mailbox names, header fields, error texts.
/// It records every command it received, literals included, so a test can check that
/// nothing the server said came back as an extra command.
public final class HostileIMAPServer: @unchecked Sendable {
    /// What the server says.
    public struct Script: Sendable {
        /// Raw `* LIST …` lines (CRLF added); a name may be a literal (`{n}\r\n…`).
        public var listLines: [String] = []
        /// The LOGIN completion after the tag; the default lets the client in.
        public var loginReply = "OK [CAPABILITY IMAP4rev1] logged in"
        /// The one message in INBOX (UID 1), if any.
        public var message: [UInt8]?
        /// Its INTERNALDATE, sent as a quoted string whatever it holds.
        public var internalDate = "26-Nov-2026 09:00:00 +0000"
        /// Mailboxes whose SELECT or EXAMINE is answered NO (a folder listed but not openable).
        public var refusedMailboxes: Set<String> = []

        public init(listLines: [String] = [], loginReply: String = "OK [CAPABILITY IMAP4rev1] logged in", message: [UInt8]? = nil,
                    internalDate: String = "26-Nov-2026 09:00:00 +0000") {
            self.listLines = listLines
            self.loginReply = loginReply
            self.message = message
            self.internalDate = internalDate
        }
    }

    /// One command as received.
    public struct Received: Sendable, Equatable {
        public var tag: String
        /// The command name, upper case (`UID FETCH` counts as `UID`).
        public var verb: String
        /// The whole command, literals included.
        public var bytes: [UInt8]
        /// The first argument of SELECT, EXAMINE or STATUS, decoded from its quoted or
        /// literal form: the exact mailbox name the client asked for.
        public var mailbox: [UInt8]?
    }

    private let loopback: LoopbackServer
    private let log: CommandLog

    public var port: UInt16 { loopback.port }

    /// Every command received so far, in order.
    public var received: [Received] { log.all }

    public init(_ script: Script) throws {
        let log = CommandLog()
        self.log = log
        loopback = try LoopbackServer { client in
            client.send("* OK [CAPABILITY IMAP4rev1] hostile ready\r\n")
            var selectedInbox = false
            while let command = Self.readCommand(client) {
                log.append(command)
                let tag = command.tag
                switch command.verb {
                case "CAPABILITY":
                    client.send("* CAPABILITY IMAP4rev1\r\n\(tag) OK done\r\n")
                case "LOGIN":
                    client.send("\(tag) \(script.loginReply)\r\n")
                case "LIST":
                    client.send(script.listLines.map { $0 + "\r\n" }.joined() + "\(tag) OK listed\r\n")
                case "SELECT", "EXAMINE":
                    if let name = command.mailbox, script.refusedMailboxes.contains(String(decoding: name, as: UTF8.self)) {
                        selectedInbox = false
                        client.send("\(tag) NO [NOPERM] permission denied\r\n")
                        continue
                    }
                    selectedInbox = command.mailbox.map { String(decoding: $0, as: UTF8.self).uppercased() } == "INBOX"
                    let count = selectedInbox && script.message != nil ? 1 : 0
                    client.send("* \(count) EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT \(count + 1)] n\r\n\(tag) OK [READ-WRITE] selected\r\n")
                case "UID":
                    let text = String(decoding: command.bytes, as: UTF8.self).uppercased()
                    guard selectedInbox, let message = script.message else {
                        client.send((text.contains(" SEARCH") ? "* SEARCH\r\n" : "") + "\(tag) OK done\r\n")
                        continue
                    }
                    if text.contains(" SEARCH") {
                        client.send("* SEARCH 1\r\n\(tag) OK done\r\n")
                    } else {
                        client.send(bytes: Self.fetchResponse(message, internalDate: script.internalDate, request: text) + Array("\(tag) OK fetched\r\n".utf8))
                    }
                case "LOGOUT":
                    client.send("* BYE hostile out\r\n\(tag) OK bye\r\n")
                    return
                default:
                    client.send("\(tag) OK done\r\n")
                }
            }
        }
    }

    /// Waits (bounded) for the client to go, then stops listening.
    public func stop() {
        loopback.stop()
    }

    /// Commands the server thread received, read by the test thread.
    private final class CommandLog: @unchecked Sendable {
        private let lock = NSLock()
        private var commands: [Received] = []

        func append(_ command: Received) {
            lock.withLock { commands.append(command) }
        }

        var all: [Received] { lock.withLock { commands } }
    }

    /// `* 1 FETCH (…)` for UID 1 with the items a mirror asks for.
    static func fetchResponse(_ message: [UInt8], internalDate: String, request: String) -> [UInt8] {
        var out = Array("* 1 FETCH (UID 1 FLAGS () INTERNALDATE \"\(internalDate)\" RFC822.SIZE \(message.count)".utf8)
        if request.contains("BODYSTRUCTURE") {
            out += Array(" BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"8bit\" \(message.count) 1)".utf8)
        }
        if request.contains("BODY.PEEK[HEADER]") {
            let header = headerBytes(message)
            out += Array(" BODY[HEADER] {\(header.count)}\r\n".utf8) + header
        }
        if request.contains("BODY.PEEK[]") {
            out += Array(" BODY[] {\(message.count)}\r\n".utf8) + message
        }
        return out + Array(")\r\n".utf8)
    }

    /// The header block, up to and including the empty line.
    static func headerBytes(_ message: [UInt8]) -> [UInt8] {
        let end = Array("\r\n\r\n".utf8)
        guard message.count >= 4 else { return message }
        for index in 0...(message.count - 4) where Array(message[index..<index + 4]) == end {
            return Array(message[..<(index + 4)])
        }
        return message
    }

    /// Reads one command: its line, and for each literal it announces (`{n}` answered
    /// with a continuation, `{n+}` not) the literal's bytes and the rest of the line.
    static func readCommand(_ client: AcceptedClient) -> Received? {
        var bytes: [UInt8] = []
        while true {
            let line = Array(client.readLine().utf8)
            guard !line.isEmpty else { return nil }
            bytes += line
            guard let (count, synchronizing) = literalAnnouncement(line) else { break }
            if synchronizing { client.send("+ go ahead\r\n") }
            bytes += client.read(count: count)
        }
        let words = String(decoding: bytes, as: UTF8.self).split(separator: " ", maxSplits: 2)
        guard words.count >= 2 else { return Received(tag: String(words.first ?? ""), verb: "", bytes: bytes) }
        let verb = words[1].trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        var mailbox: [UInt8]?
        if ["SELECT", "EXAMINE", "STATUS"].contains(verb) {
            let start = words[0].utf8.count + 1 + words[1].utf8.count + 1
            mailbox = firstAString(Array(bytes[start...]))
        }
        return Received(tag: String(words[0]), verb: verb, bytes: bytes, mailbox: mailbox)
    }

    /// `{n}` or `{n+}` at the end of a line: the literal's size and whether it synchronizes.
    static func literalAnnouncement(_ line: [UInt8]) -> (Int, Bool)? {
        var text = String(decoding: line, as: UTF8.self)
        guard text.hasSuffix("}\r\n") else { return nil }
        text.removeLast(3)
        guard let open = text.lastIndex(of: "{") else { return nil }
        var digits = text[text.index(after: open)...]
        let plus = digits.hasSuffix("+")
        if plus { digits.removeLast() }
        guard let count = Int(digits) else { return nil }
        return (count, !plus)
    }

    /// Decodes an astring at the start of `bytes`: quoted (with `\` escapes), literal, or atom.
    static func firstAString(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.first else { return [] }
        if first == UInt8(ascii: "\"") {
            var value: [UInt8] = []
            var index = 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                value.append(bytes[index])
                index += 1
            }
            return value
        }
        if first == UInt8(ascii: "{"), let close = bytes.firstIndex(of: UInt8(ascii: "}")) {
            let size = Int(String(decoding: bytes[1..<close].filter { $0 != UInt8(ascii: "+") }, as: UTF8.self)) ?? 0
            let start = close + 3
            return Array(bytes[min(start, bytes.count)..<min(start + size, bytes.count)])
        }
        return Array(bytes.prefix { $0 != UInt8(ascii: " ") && $0 != 0x0D && $0 != 0x0A })
    }
}
