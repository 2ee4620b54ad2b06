/// A message ready to draw: every string here has passed through `DisplaySanitizer`.
public struct RenderedMessage: Sendable, Hashable {
    /// One attachment in the list under the body.
    public struct Attachment: Sendable, Hashable {
        /// The part's number in the message's one numbering (`MessagePartList`): what the
        /// pager, `merle show --text` and `merle show --part N` call it.
        public var number: Int
        /// IMAP-style path of the MIME part holding it, e.g. [2] or [2, 1].
        public var path: [Int]
        /// The sanitised name for display.
        public var filename: String
        /// A name safe to save under (see `FileNameSanitizer`).
        public var safeFilename: String
        /// "type/subtype".
        public var mediaType: String
        /// Decoded size in bytes.
        public var size: Int
        /// For an attachment inside decrypted content (or an opaque signature's): the
        /// number of the part that held it, and its decoded bytes. They exist only in
        /// memory while the message is open; the stored message holds them encrypted.
        public var insidePart: Int?
        public var openedData: [UInt8]?
        /// The signed or encrypted piece whose content holds it ("signed part 1"), when
        /// one does; nil for an attachment no signature or encryption covers.
        public var coveredBy: String?

        /// What the attachment lists add after the size: where a signature or encryption covers it.
        public var coverNote: String { coveredBy.map { ", in \($0)" } ?? "" }

        /// The path as text, e.g. "2.1"; "1" for the body of a single-part message.
        /// `MIMEPart.path(from:)` turns it back into a path `attachmentData` accepts.
        public var pathString: String { path.isEmpty ? "1" : path.map(String.init).joined(separator: ".") }
    }

    /// Display header lines such as "From: Alice <a@example.test>".
    public var headerLines: [String]
    /// The text to read, lines separated by "\n".
    public var bodyText: String
    public var attachments: [Attachment]
    /// Link targets from HTML bodies, in reference order ("[1]" is the first).
    public var links: [String]
    /// Notes about how the body was shown (unknown charset, HTML converted, parts skipped).
    public var notes: [String]
    /// The signed and encrypted pieces found, in order (empty without a `cryptography`).
    public var security: [SecurityReport] = []
    /// The status block: what `security` says, each line starting with
    /// `SecurityMarker.mark`. Shown between the header lines and the body.
    public var securityLines: [String] = []
    /// For each of `securityLines`: whether its piece is one to worry about (drawn in the
    /// warning role).
    public var securityWarnings: [Bool] = []
    /// The border lines in `bodyText` around a piece that failed (bad or unchecked
    /// signature, not decrypted), for the warning role.
    public var warningBorders: Set<String> = []

    /// The calendar message (iTIP REQUEST, CANCEL or REPLY) summarised at the top of the
    /// body, and the number of the part it came from.
    public var invitation: Invitation?
    public var invitationPart: Int?

    /// Header lines, a blank line, the body, then the attachment and link lists: what
    /// `merle show --text` prints.
    public var fullText: String {
        // The status block belongs to the header section: body text starts after the
        // first empty line, so it can never stand where the block stands.
        var text = (headerLines + securityLines).joined(separator: "\n") + "\n\n" + bodyText
        if !attachments.isEmpty {
            if !text.hasSuffix("\n") { text += "\n" }
            text += "\nAttachments:\n"
            for attachment in attachments {
                text += "  \(attachment.number). \(attachment.filename) (\(attachment.mediaType), \(attachment.size) bytes\(attachment.coverNote))\n"
            }
        }
        if !links.isEmpty {
            if !text.hasSuffix("\n") { text += "\n" }
            text += "\nLinks:\n"
            for (index, link) in links.enumerated() { text += "  [\(index + 1)] \(link)\n" }
        }
        return text
    }
}
