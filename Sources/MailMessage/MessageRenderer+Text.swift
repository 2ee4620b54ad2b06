import Foundation

/// How one text part becomes body text: its charset decided once (`CharsetSniffer`),
/// uuencoded files lifted out into the attachment list, then HTML, enriched text,
/// richtext or flowed text turned into plain lines.
extension MessageRenderer {
    func appendText(of part: MIMEPart, into accumulator: inout Accumulator) {
        let type = part.mediaType
        let number = number(of: part, in: accumulator)
        let uuencoded = accumulator.parts.uuencodedNumbers(inPartAt: part.path)
        // The decoded bytes live only for this call: a big body is not held twice.
        let decoded = CharsetSniffer.decodeBody(
            uuencoded.isEmpty ? part.decodedBody() : replacingUUEncodedFiles(in: part.decodedBody(), numbers: uuencoded),
            declared: type.charset, hint: accumulator.charsetHint)
        if !decoded.charsetRecognized {
            accumulator.notes.append("unknown charset \"\(type.charset ?? "")\" in part \(number); shown as best guess")
        } else if let shownAs = decoded.shownAs {
            accumulator.notes.append("charset \"\(type.charset ?? "")\" in part \(number) does not fit its text; shown as \(shownAs) (charset guessed)")
        }
        var text = decoded.text.withUnixLineBreaks
        switch type.subtype {
        case "html":
            if let htmlConverter {
                do {
                    text = try htmlConverter(text).withUnixLineBreaks
                    break
                } catch {
                    accumulator.notes.append("\(error); part \(number) shown with the built-in HTML converter")
                }
            }
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
    /// Runs of lines holding nothing but whitespace become one empty line. Works on the
    /// UTF-8 bytes, and gives the text back untouched when nothing changes (the common case).
    var collapsingBlankLineRuns: String {
        let needsChange = utf8.withContiguousStorageIfAvailable { String.hasBlankLineRun($0) }
            ?? Array(utf8).withUnsafeBufferPointer { String.hasBlankLineRun($0) }
        guard needsChange else { return self }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var previousBlank = false
        var first = true
        for line in utf8.split(separator: ASCII.lf, omittingEmptySubsequences: false) {
            let blank = line.allSatisfy(String.isBlankByte)
            if blank, previousBlank { continue }
            if !first { output.append(ASCII.lf) }
            if !blank { output.append(contentsOf: line) }
            previousBlank = blank
            first = false
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isBlankByte(_ byte: UInt8) -> Bool { byte == ASCII.space || byte == ASCII.tab || byte == 0x0C }

    /// Whether some blank line holds whitespace or follows another blank line. Line
    /// breaks are found with memchr and a line is read only up to its first visible byte,
    /// so ordinary text costs little more than one pass of memchr.
    private static func hasBlankLineRun(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return false }
        let count = buffer.count
        var lineStart = 0
        var previousBlank = false
        while true {
            let end = memchr(base + lineStart, Int32(ASCII.lf), count - lineStart)
                .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? count
            var index = lineStart
            while index < end, isBlankByte(base[index]) { index += 1 }
            let blank = index == end
            if blank, previousBlank || end > lineStart { return true }
            if end == count { return false }
            previousBlank = blank
            lineStart = end + 1
        }
    }
}
