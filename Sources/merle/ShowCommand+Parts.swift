import Foundation
import MailMessage

/// `merle show … --parts [--json]` and `merle show … --part N [--output FILE]`: the part
/// tree as `MessagePartList` numbers it (the numbers the attachment lists show), and one
/// part's decoded bytes.
extension ShowCommand {
    /// The JSON shape of one part (the command-line contract). Text from the message is
    /// sanitised as it is for the terminal.
    struct PartLine: Encodable {
        var index: Int
        var path: String
        var depth: Int
        var type: String
        var charset: String?
        var filename: String?
        var disposition: String?
        var size: Int
        var contentId: String?
        var attachment: Bool
        /// The signed or encrypted pieces this part holds (the part itself, and those
        /// inside it once decrypted); absent when there are none.
        var security: [SecurityReport]?

        enum CodingKeys: String, CodingKey {
            case index, path, depth, type, charset, filename, disposition, size, attachment, security
            case contentId = "content_id"
        }

        init(_ entry: MessagePartList.Entry, security reports: [SecurityReport] = []) {
            index = entry.number
            path = entry.uuencodedBlock.map { "\(entry.pathString) (uuencoded file \($0 + 1))" } ?? entry.pathString
            depth = entry.depth
            type = TerminalText.oneLine(entry.mediaType)
            charset = entry.charset.map(TerminalText.oneLine)
            filename = entry.filename.map(TerminalText.oneLine)
            disposition = entry.disposition.map(TerminalText.oneLine)
            size = entry.size
            contentId = entry.contentID.map(TerminalText.oneLine)
            attachment = entry.isAttachment
            let held = reports.filter { ($0.insidePart ?? $0.partNumber) == entry.number && entry.uuencodedBlock == nil }
            security = held.isEmpty ? nil : held.map(Self.safe)
        }

        /// An attachment found inside decrypted content: its path says which part held it.
        init(opened: RenderedMessage.Attachment) {
            index = opened.number
            path = "\(opened.insidePart.map(String.init) ?? "?") (decrypted) \(opened.pathString)"
            depth = 1
            type = opened.mediaType
            filename = opened.filename
            size = opened.size
            attachment = true
        }

        /// A report with the key's and the engine's words made one safe line.
        static func safe(_ report: SecurityReport) -> SecurityReport {
            var report = report
            report.failure = report.failure.map(TerminalText.oneLine)
            report.signatures = report.signatures.map { signature in
                var signature = signature
                signature.signer = signature.signer.map(TerminalText.oneLine)
                signature.fingerprint = signature.fingerprint.map(TerminalText.oneLine)
                signature.signerAddresses = signature.signerAddresses.map(TerminalText.oneLine)
                signature.detail = signature.detail.map(TerminalText.oneLine)
                return signature
            }
            return report
        }

        /// One indented line: `3  image/png  logo.png  inline  4,120 bytes  <id>`.
        var textLine: String {
            var fields = [String(repeating: "  ", count: min(depth, 16)) + "\(index)", type]
            if let charset { fields.append("charset=\(charset)") }
            if let filename { fields.append("\"\(filename)\"") }
            if let disposition { fields.append(disposition) }
            fields.append("\(size) bytes")
            if let contentId { fields.append("<\(contentId)>") }
            for report in security ?? [] { fields.append("[\(report.insidePart == nil ? "" : "inner part \(report.partNumber): ")\(report.verdict)]") }
            return fields.joined(separator: "  ")
        }
    }

    /// The message's own parts, then the attachments of decrypted content (numbered
    /// after them, as the attachment lists number them).
    func listParts(_ message: MIMEMessage, rendered: RenderedMessage) throws {
        let lines = MessagePartList(root: message.body).entries.map { PartLine($0, security: rendered.security) }
            + rendered.attachments.filter { $0.openedData != nil }.map(PartLine.init(opened:))
        for line in lines {
            if json {
                try JSONLines.write(line)
            } else {
                print(line.textLine)
            }
        }
    }

    /// Writes the part's decoded bytes to standard output, or to a new file (never over
    /// an existing one).
    func writePart(_ number: Int, of message: MIMEMessage, renderer: MessageRenderer) throws {
        let list = MessagePartList(root: message.body)
        let data: [UInt8]
        if let entry = list.entry(number), let bytes = list.data(of: entry) {
            data = bytes
        } else if number > list.entries.count, let opened = renderer.render(message).attachments.first(where: { $0.number == number })?.openedData {
            // An attachment of decrypted content: decrypted again now, never kept.
            data = opened
        } else {
            throw ShowError("the message has no part \(number) (it has \(list.entries.count)); `merle show … --parts` lists them")
        }
        guard let output else {
            FileHandle.standardOutput.write(Data(data))
            return
        }
        let descriptor = open(output, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it already exists; choose a new name (nothing is overwritten)" : String(cString: strerror(errno))
            throw ShowError("cannot write \(output): \(reason)")
        }
        defer { close(descriptor) }
        var written = 0
        while written < data.count {
            let result = data[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else { throw ShowError("cannot write \(output): \(String(cString: strerror(errno))); check the disk and the folder") }
            written += result
        }
    }
}
