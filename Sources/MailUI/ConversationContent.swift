import Foundation
import MailMessage
import MailStore
import Terminal

/// A whole conversation laid out as one text: each message under a header line (its
/// place in the thread, date, sender, recipients, folder), its text with the quotes that
/// repeat an earlier message folded to one line each, which `expanded` opens. The
/// reader's conversation screen and `merle thread` both show it.
public struct ConversationContent: Sendable {
    /// A folded quote: which message, which of its segments.
    public struct Fold: Sendable, Hashable {
        public var message: Int
        public var segment: Int
    }

    public let messages: [MailStore.ConversationMessage]
    /// Older messages of the conversation not shown (beyond `MailStore.conversationLimit`).
    public let omitted: Int
    let segments: [[ConversationQuotes.Segment]]
    let timeZone: TimeZone
    /// The folds shown open.
    public var expanded: Set<Fold> = []

    public init(messages: [MailStore.ConversationMessage], omitted: Int = 0, timeZone: TimeZone) {
        self.messages = messages
        self.omitted = omitted
        self.timeZone = timeZone
        segments = ConversationQuotes.segments(of: messages.map { $0.rendered?.bodyText ?? "" })
    }

    /// The message's header line: "── 2/5  Sat 5 Dec 2026 10:12  Ann → Bob, Carol  (work/Sent) ──".
    public func headerLine(_ index: Int) -> String {
        let message = messages[index]
        let record = message.record
        let from = record.fromName.isEmpty ? record.fromAddress : record.fromName
        let to = AddressParser.parseList(record.toAddresses).addresses.map { $0.name ?? $0.mailbox }
        let recipients = to.isEmpty ? "" : " → " + (to.count > 3 ? to.prefix(3).joined(separator: ", ") + " +\(to.count - 3)" : to.joined(separator: ", "))
        return "── \(index + 1)/\(messages.count)  \(date(record.date ?? record.internalDate))  \(from)\(recipients)  (\(message.account)/\(message.folder)) ──"
    }

    func date(_ date: Date?) -> String {
        guard let date else { return "(no date)" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE d MMM yyyy HH:mm"
        return formatter.string(from: date)
    }

    /// The one line a folded quote shows.
    func foldLine(_ lines: [String], of source: Int) -> String {
        let record = messages[source].record
        let who = record.fromName.isEmpty ? record.fromAddress : record.fromName
        // Outlook's quotes have no marks: every line counts there.
        let marked = lines.filter { $0.hasPrefix(">") }.count
        let count = marked > 0 ? marked : lines.count
        return "[> \(count) quoted line\(count == 1 ? "" : "s") of message \(source + 1) (\(who)) folded; Enter shows them]"
    }

    /// The lines for `columns` (every line sanitised and wrapped), and which line
    /// stands for which fold, open or not.
    public func layout(width columns: Int) -> (lines: [PagerLine], folds: [Int: Fold]) {
        var lines: [PagerLine] = []
        var folds: [Int: Fold] = [:]
        func add(_ text: String, _ role: ThemeRole) {
            let safe = DisplaySanitizer.sanitizeLine(text.replacingOccurrences(of: "\t", with: "    "))
            for piece in DisplayWidth.wrap(safe, to: max(columns, 1)) { lines.append(PagerLine(text: piece, role: role)) }
        }
        if omitted > 0 {
            add("[\(omitted) older message\(omitted == 1 ? "" : "s") of this conversation not shown]", .pagerNote)
            lines.append(PagerLine(text: "", role: .pagerBody))
        }
        var previousSubject: String?
        for (index, message) in messages.enumerated() {
            if index > 0 { lines.append(PagerLine(text: "", role: .pagerBody)) }
            add(headerLine(index), .pagerHeader)
            let subject = BaseSubject.groupingKey(message.record.subject)
            if subject != previousSubject { add("Subject: " + message.record.subject, .pagerHeader) }
            previousSubject = subject
            lines.append(PagerLine(text: "", role: .pagerBody))
            guard let rendered = message.rendered else {
                add("(the body is not downloaded yet: the reader asks for it, `merle sync` downloads it)", .pagerNote)
                continue
            }
            // Blank lines at the end say nothing between two messages.
            var body = segments[index]
            while case var .text(last)? = body.last, last.last?.isEmpty ?? true {
                body.removeLast()
                while last.last?.isEmpty == true { last.removeLast() }
                if !last.isEmpty { body.append(.text(last)) }
            }
            for (number, segment) in body.enumerated() {
                switch segment {
                case let .text(text):
                    for line in text { add(line, line.hasPrefix(">") ? .pagerQuote : .pagerBody) }
                case let .repeated(quoted, source):
                    let fold = Fold(message: index, segment: number)
                    folds[lines.count] = fold
                    if expanded.contains(fold) {
                        for line in quoted { add(line, .pagerQuote) }
                    } else {
                        add(foldLine(quoted, of: source), .pagerNote)
                    }
                }
            }
            if !rendered.attachments.isEmpty {
                add("Attachments: " + rendered.attachments.map { "\($0.number). \($0.filename)" }.joined(separator: ", "), .pagerAttachment)
            }
        }
        return (lines, folds)
    }

    /// Whether message `index` quotes an earlier message of the conversation (folded).
    public func foldsQuotes(inMessage index: Int) -> Bool {
        segments[index].contains { if case .repeated = $0 { return true } else { return false } }
    }

    /// The conversation as text with every repeated quote folded (`merle thread`).
    public var foldedText: String {
        layout(width: 1 << 20).lines.map(\.text).joined(separator: "\n") + "\n"
    }
}
