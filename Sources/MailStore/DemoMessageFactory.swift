import Foundation

/// One generated demo message: its raw RFC 5322 text and the envelope facts.
struct DemoMessage {
    var folder: String
    var raw: String
    var messageId: String
    var inReplyTo: String?
    var references: [String]
    var subject: String
    var fromName: String
    var fromAddress: String
    var to: String
    var date: Date
    var flags: [String]
    var hasAttachment: Bool
    var bodyText: String
}

/// Generates demo mail deterministically from a seed (a small xorshift generator, so
/// the demo looks the same on every machine).
struct DemoMessageFactory {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? 0x9E3779B97F4A7C15 : seed
    }

    static let people: [(String, String)] = [
        ("Ada Lovelace", "ada@analytical.example"), ("Linus Pauling", "linus@chem.example"),
        ("Grace Hopper", "grace@navy.example"), ("Jürgen Müller", "juergen@beispiel.example"),
        ("Søren Kierkegaard", "soren@filosofi.example"), ("山田 太郎", "taro@yamada.example"),
        ("Zoë Ñúñez", "zoe@correo.example"), ("Алексей Иванов", "alexei@pochta.example"),
        ("Margaret Hamilton", "margaret@apollo.example"), ("Ken Thompson", "ken@unix.example"),
        ("Björk Guðmundsdóttir", "bjork@tonlist.example"), ("Chidi Anagonye", "chidi@ethics.example"),
    ]

    static let topics = [
        "Quarterly planning", "Offsite agenda", "Build is red again", "Lunch on Friday?", "Release notes draft",
        "Question about the IMAP mirror", "Café meeting — Tuesday", "Résumé review", "Invoice #4411",
        "Re-index takes forever", "Trip photos 📷", "Conference talk proposal", "Weekly sync notes",
        "Server migration window", "会議の議事録", "Отчёт за неделю", "Kindergarten Elternabend", "Holiday schedule",
    ]

    static let sentences = [
        "I had a look at the numbers and they mostly add up.", "Could you send me the latest version before noon?",
        "The build failed on the Linux runner, but only with the release configuration.",
        "Let's keep the meeting short; thirty minutes should do.", "Attached is the file we talked about yesterday.",
        "I think the offline journal is the feature people will love most.", "Thanks again for the quick turnaround!",
        "Can we move this to next week? Something came up.", "The café on the corner has excellent espresso.",
        "Here are my notes from the call, in no particular order.", "Please double-check the dates before we send it out.",
    ]

    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }

    mutating func makeMessages(count: Int) -> [DemoMessage] {
        var messages: [DemoMessage] = []
        messages.reserveCapacity(count)
        let end = Date(timeIntervalSince1970: 1_795_000_000)
        var openThreads: [(subject: String, ids: [String])] = []
        let dates = Self.rfc5322DateFormatter()
        for index in 0..<count {
            let date = end.addingTimeInterval(-Double(count - index) * 1_800 - Double(next(1_800)))
            let person = Self.people[next(Self.people.count)]
            let messageId = "<demo.\(index).\(next(1_000_000))@demo.merle.test>"
            var subject: String
            var references: [String] = []
            if !openThreads.isEmpty, next(3) == 0 {
                let threadIndex = next(openThreads.count)
                subject = "Re: " + openThreads[threadIndex].subject
                references = Array(openThreads[threadIndex].ids.suffix(10))
                openThreads[threadIndex].ids.append(messageId)
            } else {
                subject = Self.topics[next(Self.topics.count)]
                openThreads.append((subject, [messageId]))
                if openThreads.count > 40 { openThreads.removeFirst() }
            }
            let paragraphs = (0..<(1 + next(4))).map { _ in
                (0..<(2 + next(4))).map { _ in Self.sentences[next(Self.sentences.count)] }.joined(separator: " ")
            }
            let body = paragraphs.joined(separator: "\n\n") + "\n\n-- \n\(person.0)\n"
            let kind = next(10)
            let folder = Self.folder(for: next(100))
            let fromSelf = folder == "Sent" || folder == "Drafts"
            let from = fromSelf ? ("You", DemoMailbox.ownAddress) : person
            let to = fromSelf ? "\(person.0) <\(person.1)>" : "You <\(DemoMailbox.ownAddress)>"
            var flags: [String] = []
            if index < count - 40 || next(2) == 0 { flags.append(SystemFlag.seen.rawValue) }
            if next(15) == 0 { flags.append(SystemFlag.flagged.rawValue) }
            if !references.isEmpty, next(3) == 0 { flags.append(SystemFlag.answered.rawValue) }
            if folder == "Drafts" { flags = [SystemFlag.draft.rawValue, SystemFlag.seen.rawValue] }
            let raw = Self.render(from: from, to: to, subject: subject, date: dates.string(from: date), messageId: messageId,
                                  references: references, body: body, kind: kind, index: index, list: Self.list(in: folder))
            messages.append(DemoMessage(folder: folder, raw: raw, messageId: messageId, inReplyTo: references.last,
                                        references: references, subject: subject, fromName: from.0,
                                        fromAddress: from.1, to: to, date: date, flags: flags,
                                        hasAttachment: kind >= 8, bodyText: body))
        }
        return messages
    }

    static func folder(for roll: Int) -> String {
        switch roll {
        case 0..<70: return "INBOX"
        case 70..<78: return "Sent"
        case 78..<80: return "Drafts"
        case 80..<86: return "Archive"
        case 86..<89: return "Junk"
        case 89..<92: return "Trash"
        case 92..<97: return "Lists/swift-dev"
        default: return "Lists/mutt-users"
        }
    }

    /// The mailing list a demo folder stands for: its name and address.
    static func list(in folder: String) -> (name: String, address: String)? {
        guard folder.hasPrefix("Lists/") else { return nil }
        let name = String(folder.dropFirst("Lists/".count))
        return (name, "\(name)@lists.demo.merle.test")
    }

    /// Writes the message with CRLF line ends; non-ASCII header text as RFC 2047 words.
    /// List mail carries the list's List-Id, List-Post and List-Unsubscribe (a mailto,
    /// and a one-click https address for swift-dev).
    static func render(from: (String, String), to: String, subject: String, date: String, messageId: String,
                       references: [String], body: String, kind: Int, index: Int, list: (name: String, address: String)? = nil) -> String {
        var headers = [
            "From: \(encodedWord(from.0)) <\(from.1)>",
            "To: \(encodeAddressList(to))",
            "Subject: \(encodedWord(subject))",
            "Date: \(date)",
            "Message-ID: \(messageId)",
            "MIME-Version: 1.0",
        ]
        if let list {
            let (local, domain) = (list.address.split(separator: "@")[0], list.address.split(separator: "@")[1])
            headers.append("List-Id: \(list.name) <\(local).\(domain)>")
            headers.append("List-Post: <mailto:\(list.address)>")
            var unsubscribe = "<mailto:\(local)-leave@\(domain)?subject=unsubscribe>"
            if list.name == "swift-dev" { unsubscribe += ", <https://lists.demo.merle.test/unsubscribe/\(local)?id=\(index)>" }
            headers.append("List-Unsubscribe: \(unsubscribe)")
            if list.name == "swift-dev" { headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click") }
        }
        if let parent = references.last {
            headers.append("In-Reply-To: \(parent)")
            headers.append("References: \(references.joined(separator: "\r\n "))")
        }
        let text = body.replacingOccurrences(of: "\n", with: "\r\n")
        let boundary = "=_demo_\(index)"
        var content: String
        switch kind {
        case 0..<5:
            headers.append("Content-Type: text/plain; charset=utf-8")
            headers.append("Content-Transfer-Encoding: 8bit")
            content = text
        case 5..<8:
            headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            let html = "<html><body>" + body.split(separator: "\n\n").map { "<p>\($0)</p>" }.joined() +
                "<p><a href=\"https://merle.example/notes/\(index)\">Read the notes</a></p></body></html>"
            content = "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\(text)\r\n" +
                "--\(boundary)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\(html)\r\n--\(boundary)--\r\n"
        default:
            headers.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
            let attachment = Data((0..<(400 + index % 600)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) })
                .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            let name = kind == 8 ? "report-\(index).pdf" : "Übersicht \(index).xlsx"
            content = "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\(text)\r\n" +
                "--\(boundary)\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n" +
                "Content-Disposition: attachment; filename*=utf-8''\(percentEncoded(name))\r\n\r\n\(attachment)\r\n--\(boundary)--\r\n"
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + content
    }

    static func encodedWord(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func encodeAddressList(_ text: String) -> String {
        guard let open = text.firstIndex(of: "<") else { return text }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        return "\(encodedWord(name)) \(text[open...])"
    }

    static func percentEncoded(_ text: String) -> String {
        Data(text.utf8).map { byte in
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)) || ".-_".contains(Character(scalar)) {
                return String(Character(scalar))
            }
            return String(format: "%%%02X", byte)
        }.joined()
    }

    /// RFC 5322 §3.3 dates in UTC; made once per mailbox, not per message.
    static func rfc5322DateFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter
    }
}
