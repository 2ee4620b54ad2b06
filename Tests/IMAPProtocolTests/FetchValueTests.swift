import Foundation
import Testing
@testable import IMAPProtocol

/// FETCH ENVELOPE and BODYSTRUCTURE parse to the values the server sent.
@Suite struct FetchValueTests {
    func attributes(_ line: String) throws -> [FetchAttribute] {
        guard case let .untagged(.fetch(_, attributes)) = try ResponseParser().parse(Array((line + "\r\n").utf8)) else {
            Issue.record("not a FETCH: \(line)")
            return []
        }
        return attributes
    }

    @Test func imaptestBodyStructure() throws {
        let lines = try ImaptestExpectation.load().filter { $0.file == "fetch-bodystructure" && !$0.hasVariables }
        #expect(lines.count == 1)
        let attributes = try ResponseParser().parse(try #require(lines.first).bytes)
        let expected = BodyStructure.multipart(.init(parts: [
            .singlepart(.init(type: "TEXT", subtype: "x-MYOWN", parameters: [BodyParameter("CHARSET", "us-ascii")],
                              encoding: "7BIT", size: 7, kind: .text(lineCount: 1))),
        ], subtype: "MIXED"))
        #expect(attributes == .untagged(.fetch(1, [.bodyStructure(expected, extensible: false)])))
    }

    @Test func imaptestEnvelopes() throws {
        let lines = try ImaptestExpectation.load().filter { $0.file == "fetch-envelope" && !$0.hasVariables }
        #expect(lines.count == 6)
        var envelopes: [Envelope] = []
        for line in lines {
            guard case let .untagged(.fetch(_, attributes)) = try ResponseParser().parse(line.bytes),
                  case let .envelope(envelope)? = attributes.first else {
                Issue.record("no envelope in \(line.text)")
                continue
            }
            envelopes.append(envelope)
            // Everything the server sent survives the parse.
            let original = line.text[line.text.range(of: "ENVELOPE ")!.upperBound...].dropLast(1)
            #expect(WireRenderer.envelope(envelope) == String(original), "\(line.file):\(line.line)")
        }
        try #require(envelopes.count == 6)
        let first = envelopes[0]
        #expect(first.date == "Thu, 15 Feb 2007 01:02:03 +0200")
        #expect(first.subject == "subject header")
        #expect(first.from == [Address(name: "From Real", mailbox: "fromuser", host: "fromdomain.org")])
        #expect(first.sender == [Address(name: "Sender Real", mailbox: "senderuser", host: "senderdomain.org")])
        #expect(first.replyTo == [Address(name: "ReplyTo Real", mailbox: "replytouser", host: "replytodomain.org")])
        #expect(first.to == [Address(name: "To Real", mailbox: "touser", host: "todomain.org")])
        #expect(first.cc == [Address(name: "Cc Real", mailbox: "ccuser", host: "ccdomain.org")])
        #expect(first.bcc == [Address(name: "Bcc Real", mailbox: "bccuser", host: "bccdomain.org")])
        #expect(first.inReplyTo == "<reply@to.id>")
        #expect(first.messageID == "<msg@id>")
        #expect(envelopes[1].subject == nil)
        #expect(envelopes[1].to.isEmpty)
        // Group syntax: start marker, members, end marker.
        #expect(envelopes[3].to.count == 7)
        #expect(envelopes[3].to[0] == Address(name: nil, mailbox: "group", host: nil))
        #expect(envelopes[3].to[3] == Address(name: nil, mailbox: nil, host: nil))
        #expect(envelopes[3].cc.count == 4)
        #expect(envelopes[5].from == [Address(name: nil, adl: "@route", mailbox: "user", host: "domain")])
    }

    /// Every BODYSTRUCTURE and ENVELOPE in the MailKit captures renders back to the
    /// same values the server sent (comparing case-insensitively, NIL and `()` alike, trailing NIL
    /// extension fields equal to absent ones).
    @Test func mailKitStructuresRoundTrip() throws {
        let folder = try Corpus.directory("imap/mailkit-responses")
        var checked = 0
        var mismatches: [String] = []
        for file in Corpus.files(in: folder) where file.hasSuffix(".txt") {
            let bytes = MailKitCorpusTests.crlf(try Array(Data(contentsOf: folder.appendingPathComponent(file))))
            var framer = ResponseFramer()
            framer.append(bytes)
            while let frame = try framer.nextFrame() {
                guard case let .untagged(.fetch(_, attributes)) = try ResponseParser().parse(frame) else { continue }
                let generic = try genericItems(frame)
                for attribute in attributes {
                    let rendered: String, name: String
                    switch attribute {
                    case let .envelope(envelope): (rendered, name) = (WireRenderer.envelope(envelope), "ENVELOPE")
                    case let .bodyStructure(body, extensible): (rendered, name) = (WireRenderer.body(body), extensible ? "BODYSTRUCTURE" : "BODY")
                    default: continue
                    }
                    checked += 1
                    var buffer = ParseBuffer(Array(rendered.utf8))
                    let reparsed = try ResponseParser().parseGenericValue(&buffer)
                    guard let original = generic[name], Self.normalized(original) == Self.normalized(reparsed) else {
                        mismatches.append("\(file) \(name):\n  sent     \(generic[name]?.description ?? "-")\n  rendered \(rendered)")
                        continue
                    }
                }
            }
        }
        print("MailKit ENVELOPE/BODYSTRUCTURE round trips: \(checked - mismatches.count)/\(checked)")
        #expect(checked > 20)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    /// The FETCH items of a frame as generic name → value pairs.
    func genericItems(_ frame: [UInt8]) throws -> [String: IMAPValue] {
        let start = frame.firstIndex(of: UInt8(ascii: "("))!
        var buffer = ParseBuffer(Array(frame[start...]))
        guard case let .list(items) = try ResponseParser().parseGenericValue(&buffer) else { return [:] }
        var result: [String: IMAPValue] = [:]
        var index = 0
        while index + 1 < items.count {
            if let name = items[index].text?.uppercased() { result[name] = items[index + 1] }
            index += 2
        }
        return result
    }

    static func normalized(_ value: IMAPValue) -> IMAPValue {
        switch value {
        case let .atom(text): return text.uppercased() == "NIL" ? .nil : .string(Array(text.uppercased().utf8))
        case let .string(bytes): return .string(Array(String(decoding: bytes, as: UTF8.self).uppercased().utf8))
        case .nil: return .nil
        case let .list(items):
            // Extension fields a server leaves off equal trailing NILs.
            var normalizedItems = items.map(normalized)
            while normalizedItems.last == .nil { normalizedItems.removeLast() }
            return normalizedItems.isEmpty ? .nil : .list(normalizedItems)
        }
    }
}
