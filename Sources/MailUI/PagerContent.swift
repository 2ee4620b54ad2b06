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
    public let rendered: RenderedMessage?
    /// Why there is no body (not downloaded yet), in words.
    public let unavailableReason: String?
    public private(set) var width = 0
    public private(set) var lines: [PagerLine] = []

    /// Reads and renders message `id` from the store.
    public init(messageId: Int64, store: MailStore, renderer: MessageRenderer = MessageRenderer()) throws {
        self.messageId = messageId
        if let raw = try store.rawMessage(id: messageId) {
            rendered = renderer.render(MessageParser.parse([UInt8](raw)))
            unavailableReason = nil
        } else {
            rendered = nil
            let record = try store.message(id: messageId)
            unavailableReason = record.bodyState == "none"
                ? "This message is not available offline: its body has not been downloaded yet. Run `merle sync` while online."
                : "This message's body is only partly downloaded."
        }
    }

    /// Lays the message out for `columns`; cheap to call again after a resize.
    public mutating func layout(width columns: Int) {
        guard columns != width else { return }
        width = columns
        var result: [PagerLine] = []
        func add(_ text: String, _ role: ThemeRole) {
            let safe = DisplaySanitizer.sanitizeLine(text.replacingOccurrences(of: "\t", with: "    "))
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
        for note in rendered.notes { add("[\(note)]", .pagerNote) }
        result.append(PagerLine(text: "", role: .pagerBody))
        var body = rendered.bodyText
        while body.hasSuffix("\n") { body.removeLast() }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            add(String(line), line.hasPrefix(">") ? .pagerQuote : .pagerBody)
        }
        if !rendered.attachments.isEmpty {
            result.append(PagerLine(text: "", role: .pagerBody))
            add("Attachments:", .pagerAttachment)
            for attachment in rendered.attachments {
                add("  [\(attachment.pathString)] \(attachment.filename) (\(attachment.mediaType), \(IndexRowFormatter.size(Int64(attachment.size))))", .pagerAttachment)
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
