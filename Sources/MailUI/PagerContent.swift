import Foundation
import MailMessage
import MailStore
import Terminal

/// A message laid out for the pager: the chosen headers, the rendered body, the
/// attachment list and the numbered link list, wrapped to a width. Everything comes from
/// `MessageRenderer`, which sanitises it; the lines pass through `DisplaySanitizer` once
/// more here because this is the last step before the screen.
public struct PagerContent: Sendable {
    public let messageId: Int64
    /// Whether every header field is shown (`h` under the mutt keys, `H` under Merle's).
    public let showsAllHeaders: Bool
    public let rendered: RenderedMessage?
    /// Why there is no body (not downloaded yet), in words.
    public let unavailableReason: String?
    /// The parsed message, for attachment bytes.
    let attachmentSource: MIMEMessage?
    public private(set) var width = 0
    public private(set) var lines: [PagerLine] = []

    /// Messages bigger than this are read from the store a piece at a time into an
    /// unlinked temporary file and parsed from there, never held whole.
    public static let streamingThreshold = 4 << 20

    /// Reads and renders message `id` from the store.
    public init(messageId: Int64, store: MailStore, renderer: MessageRenderer = MessageRenderer(),
                streamingAbove threshold: Int = PagerContent.streamingThreshold) throws {
        self.messageId = messageId
        showsAllHeaders = renderer.showsAllHeaders
        if let parsed = try Self.parsedMessage(id: messageId, store: store, streamingAbove: threshold) {
            rendered = renderer.render(parsed)
            attachmentSource = parsed
            unavailableReason = nil
        } else {
            rendered = nil
            attachmentSource = nil
            _ = try store.message(id: messageId)
            unavailableReason = "Downloading the message from the server… (it shows here when it arrives; offline it waits for the connection)"
        }
    }

    /// The stored message, parsed in memory or, when big, from a temporary file.
    static func parsedMessage(id: Int64, store: MailStore, streamingAbove threshold: Int) throws -> MIMEMessage? {
        guard let size = try store.rawMessageSize(id: id) else { return nil }
        if size > threshold, let file = try store.rawMessageFile(id: id) {
            return MIMEMessage(file: file)
        }
        return try store.rawMessage(id: id).map { MessageParser.parse([UInt8]($0)) }
    }

    /// Lays the message out for `columns`; cheap to call again after a resize.
    public mutating func layout(width columns: Int) {
        guard columns != width else { return }
        width = columns
        var result: [PagerLine] = []
        func add(_ text: String, _ role: ThemeRole) {
            // Most lines have no tab: Foundation's replace copied every line through NSString.
            let expanded = text.utf8.contains(9) ? text.split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ") : text
            let safe = DisplaySanitizer.sanitizeLine(expanded)
            for piece in DisplayWidth.wrap(safe, to: max(columns, 1)) {
                result.append(PagerLine(text: piece, role: role))
            }
        }
        guard let rendered else {
            add(unavailableReason ?? "", .pagerNote)
            lines = result
            return
        }
        for header in rendered.headerLines { add(header, .pagerHeader) }
        // The status block, in a role message text never gets (SecurityMarker).
        for (index, line) in rendered.securityLines.enumerated() {
            let warning = rendered.securityWarnings.indices.contains(index) && rendered.securityWarnings[index]
            add(line, line == SecurityReport.unsignedLine ? .pagerSecurityPlain : warning ? .pagerSecurityWarning : .pagerSecurity)
        }
        for note in rendered.notes { add("[\(note)]", .pagerNote) }
        result.append(PagerLine(text: "", role: .pagerBody))
        var body = rendered.bodyText
        while body.hasSuffix("\n") { body.removeLast() }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            // Only Merle's borders begin with the mark: the renderer took it out of message text.
            let role: ThemeRole = if SecurityMarker.isOwnLine(line) {
                rendered.warningBorders.contains(String(line)) ? .pagerSecurityWarning : .pagerSecurity
            } else {
                line.hasPrefix(">") ? .pagerQuote : .pagerBody
            }
            add(String(line), role)
        }
        if !rendered.attachments.isEmpty {
            result.append(PagerLine(text: "", role: .pagerBody))
            add("Attachments:", .pagerAttachment)
            // Part numbers as `merle show --text` and `--part N` give them; `w` and `v` ask for them.
            for attachment in rendered.attachments {
                add("  \(attachment.number). \(attachment.filename) (\(attachment.mediaType), \(IndexRowFormatter.size(Int64(attachment.size)))\(attachment.coverNote))", .pagerAttachment)
            }
        }
        if !rendered.links.isEmpty {
            result.append(PagerLine(text: "", role: .pagerBody))
            add("Links:", .pagerLink)
            for (number, link) in rendered.links.enumerated() {
                add("  [\(number + 1)] \(link)", .pagerLink)
            }
        }
        lines = result
    }
}

/// One part of a message, decoded, for a viewer, a file or a command.
struct MessagePart {
    var number: Int
    var data: [UInt8]
    /// A name safe to save under.
    var name: String
    /// `type/subtype` as the message says (not for display: sanitise first).
    var mediaType: String
    var parameters: [String: String]
}

extension PagerContent {
    /// Every part of the message, numbered as everywhere (`MessagePartList`).
    var partList: MessagePartList? { attachmentSource.map { MessagePartList(root: $0.body) } }

    /// Part `number`, decoded: one of the message's own, or an attachment of decrypted
    /// content (numbered after them).
    func part(_ number: Int) -> MessagePart? {
        if let opened = rendered?.attachments.first(where: { $0.number == number && $0.openedData != nil }), let data = opened.openedData {
            return MessagePart(number: number, data: data, name: opened.safeFilename, mediaType: opened.mediaType, parameters: [:])
        }
        guard let list = partList, let entry = list.entry(number), let data = list.data(of: entry) else { return nil }
        var parameters: [String: String] = [:]
        if let charset = entry.charset { parameters["charset"] = charset }
        if let filename = entry.filename { parameters["name"] = filename }
        return MessagePart(number: number, data: data, name: FileNameSanitizer.sanitize(entry.filename, fallback: "part-\(number)"),
                           mediaType: entry.mediaType, parameters: parameters)
    }

    /// The part numbers of the listed attachments, in order.
    var attachmentNumbers: [Int] { rendered?.attachments.map(\.number) ?? [] }

    /// The decoded bytes of the attachment numbered `number` (as listed) and its safe name.
    func attachment(_ number: Int) -> (data: [UInt8], name: String)? {
        guard let item = rendered?.attachments.first(where: { $0.number == number }), let source = attachmentSource,
              let data = MessageRenderer().attachmentData(source, attachment: item) else { return nil }
        return (data, item.safeFilename)
    }
}
