@testable import IMAPProtocol

/// Renders parsed values back to IMAP response syntax, so a test can compare what
/// the parser understood with what the server sent.
enum WireRenderer {
    static func string(_ text: String?) -> String {
        guard let text else { return "NIL" }
        return IMAPValue.string(Array(text.utf8)).description
    }

    static func parameters(_ parameters: [BodyParameter]) -> String {
        parameters.isEmpty ? "NIL" : "(" + parameters.map { string($0.name) + " " + string($0.value) }.joined(separator: " ") + ")"
    }

    static func addresses(_ addresses: [Address]) -> String {
        addresses.isEmpty ? "NIL" : "(" + addresses.map {
            "(" + [string($0.name), string($0.adl), string($0.mailbox), string($0.host)].joined(separator: " ") + ")"
        }.joined() + ")"
    }

    static func envelope(_ envelope: Envelope) -> String {
        "(" + [string(envelope.date), string(envelope.subject), addresses(envelope.from), addresses(envelope.sender),
               addresses(envelope.replyTo), addresses(envelope.to), addresses(envelope.cc), addresses(envelope.bcc),
               string(envelope.inReplyTo), string(envelope.messageID)].joined(separator: " ") + ")"
    }

    static func disposition(_ disposition: BodyDisposition?) -> String {
        guard let disposition else { return "NIL" }
        return "(" + string(disposition.kind) + " " + parameters(disposition.parameters) + ")"
    }

    static func language(_ language: [String]) -> String {
        switch language.count {
        case 0: return "NIL"
        case 1: return string(language[0])
        default: return "(" + language.map { string($0) }.joined(separator: " ") + ")"
        }
    }

    static func tail(_ data: BodyExtension) -> [String] {
        [disposition(data.disposition), language(data.language), string(data.location)] + data.extensions.map(\.description)
    }

    static func body(_ body: BodyStructure) -> String {
        switch body {
        case let .multipart(multipart):
            var fields = [multipart.parts.map { self.body($0) }.joined(), string(multipart.subtype)]
            if let data = multipart.extensionData {
                fields.append(parameters(data.parameters))
                fields += tail(data)
            }
            return "(" + fields.joined(separator: " ") + ")"
        case let .singlepart(part):
            var fields = [string(part.type), string(part.subtype), parameters(part.parameters), string(part.id),
                          string(part.description), string(part.encoding), String(part.size)]
            switch part.kind {
            case .basic: break
            case let .text(lines): fields.append(String(lines))
            case let .message(envelope, inner, lines): fields += [self.envelope(envelope), self.body(inner), String(lines)]
            }
            if let data = part.extensionData {
                fields.append(string(data.md5))
                fields += tail(data)
            }
            return "(" + fields.joined(separator: " ") + ")"
        }
    }
}
