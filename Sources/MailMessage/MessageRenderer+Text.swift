/// How one text part becomes body text: its charset decided once (`CharsetSniffer`),
/// uuencoded files lifted out into the attachment list, then HTML, enriched text,
/// richtext or flowed text turned into plain lines.
extension MessageRenderer {
    func appendText(of part: MIMEPart, into accumulator: inout Accumulator) {
        let type = part.mediaType
        let number = number(of: part, in: accumulator)
        var bytes = part.decodedBody()
        let uuencoded = accumulator.parts.uuencodedNumbers(inPartAt: part.path)
        if !uuencoded.isEmpty { bytes = replacingUUEncodedFiles(in: bytes, numbers: uuencoded) }
        let decoded = CharsetSniffer.decodeBody(bytes, declared: type.charset, hint: accumulator.charsetHint)
        if !decoded.charsetRecognized {
            accumulator.notes.append("unknown charset \"\(type.charset ?? "")\" in part \(number); shown as best guess")
        } else if let shownAs = decoded.shownAs {
            accumulator.notes.append("charset \"\(type.charset ?? "")\" in part \(number) does not fit its text; shown as \(shownAs) (charset guessed)")
        }
        var text = decoded.text.withUnixLineBreaks
        switch type.subtype {
        case "html":
            let converted = HTMLToText.convert(text)
            // Renumber this part's links after those already listed.
            text = converted.text
            if !accumulator.links.isEmpty, !converted.links.isEmpty {
                let offset = accumulator.links.count
                for linkNumber in stride(from: converted.links.count, through: 1, by: -1) {
                    text = text.replacingOccurrences(of: "[\(linkNumber)]", with: "[\(linkNumber + offset)]")
                }
            }
            accumulator.links.append(contentsOf: converted.links)
        case "enriched", "richtext":
            text = EnrichedText.convert(text, richtext: type.subtype == "richtext")
        default:
            if type.parameter("format")?.lowercased() == "flowed" {
                text = FormatFlowed.unwrap(text, delSp: type.parameter("delsp")?.lowercased() == "yes")
            }
            text = text.collapsingBlankLineRuns
        }
        if !accumulator.body.isEmpty { accumulator.body.append("") }
        // A named text part shown inline says which file it is.
        if let name = part.filename {
            accumulator.body.append("---------- \(name) (part \(number)) ----------")
        }
        accumulator.body.append(text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }

    /// The part's number in the message's one numbering.
    func number(of part: MIMEPart, in accumulator: Accumulator) -> Int {
        accumulator.parts.entries.first { $0.path == part.path && $0.uuencodedBlock == nil }?.number ?? 1
    }

    /// Each uuencoded file's lines become one line naming the attachment it is now.
    private func replacingUUEncodedFiles(in bytes: [UInt8], numbers: [Int]) -> [UInt8] {
        let blocks = UUEncode.blocks(in: bytes)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for (block, number) in zip(blocks, numbers) {
            output.append(contentsOf: bytes[position..<block.range.lowerBound])
            output.append(contentsOf: Array("[uuencoded file ".utf8) + block.name + Array(", attachment \(number) below]\n".utf8))
            position = block.range.upperBound
        }
        output.append(contentsOf: bytes[position...])
        return output
    }
}

extension String {
    /// Runs of lines holding nothing but whitespace become one empty line.
    var collapsingBlankLineRuns: String {
        var lines: [Substring] = []
        var previousBlank = false
        var changed = false
        for line in split(separator: "\n", omittingEmptySubsequences: false) {
            let blank = line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{0C}" || $0 == "\u{A0}" }
            if blank {
                if previousBlank || !line.isEmpty { changed = true }
                if previousBlank { continue }
                lines.append("")
            } else {
                lines.append(line)
            }
            previousBlank = blank
        }
        return changed ? lines.joined(separator: "\n") : self
    }
}
