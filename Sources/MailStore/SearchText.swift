import MailMessage

/// The text the search index holds for a message: its readable text parts, with HTML
/// tags dropped by a plain scan. Cheaper than full rendering (no layout, no link
/// list), which matters when thousands of messages arrive in one sync.
enum SearchText {
    /// At most this much text per message goes into the index.
    static let limit = 64 * 1024

    static func extract(_ message: MIMEMessage) -> (text: String, hasAttachment: Bool) {
        var text = ""
        var hasAttachment = false
        for part in message.body.allParts where !part.mediaType.isMultipart {
            if part.isAttachment || (part.filename != nil && !part.mediaType.isText) {
                hasAttachment = true
                continue
            }
            guard text.utf8.count < limit, part.mediaType.isText || !part.hasExplicitMediaType,
                  let decoded = part.decodedText() else { continue }
            let piece = part.mediaType.subtype == "html" ? stripTags(decoded.text) : decoded.text
            text += piece
            text += "\n"
        }
        if text.utf8.count > limit {
            text = String(text.utf8.prefix(limit)) ?? String(text.prefix(limit / 4))
        }
        return (text, hasAttachment)
    }

    /// Drops `<…>` tags and the content of script and style elements; entities stay as
    /// written (they rarely matter for word search).
    static func stripTags(_ html: String) -> String {
        var output = String.UnicodeScalarView()
        var inTag = false
        var skipping = false
        var tagName = ""
        var nameDone = false
        for scalar in html.unicodeScalars {
            if inTag {
                if scalar == ">" {
                    inTag = false
                    let name = tagName.lowercased()
                    if name == "script" || name == "style" { skipping = true }
                    if name == "/script" || name == "/style" { skipping = false }
                    output.append(" ")
                } else if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "/" && !tagName.isEmpty {
                    nameDone = !tagName.isEmpty
                } else if !nameDone, tagName.unicodeScalars.count < 8 {
                    tagName.unicodeScalars.append(scalar)
                }
            } else if scalar == "<" {
                inTag = true
                tagName = ""
                nameDone = false
            } else if !skipping {
                output.append(scalar)
            }
        }
        return String(output)
    }
}
