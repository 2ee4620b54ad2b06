/// Raw 8-bit bytes around and inside encoded words, as Eudora and other old mailers
/// wrote them (`=?iso-8859-1?Q?Fr\xF6sche?=`). Bytes inside a word belong to the word's
/// charset, bytes outside to the field's: each byte is decoded once, in one charset.
extension EncodedWord {
    /// Rewrites 8-bit bytes inside Q encoded words as `=XX`, so that the word decodes them
    /// in its own charset and the field's charset never sees them.
    static func escapingRawBytesInQWords(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        let hex = Array("0123456789ABCDEF".utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?"),
               let (textStart, textEnd) = qWordText(bytes, at: index) {
                output.append(contentsOf: bytes[index..<textStart])
                for byte in bytes[textStart..<textEnd] {
                    if byte >= 0x80 {
                        output.append(contentsOf: [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                    } else {
                        output.append(byte)
                    }
                }
                index = textEnd
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return output
    }

    /// The range of a Q word's encoded text (`=?charset?Q?` … `?=`) starting at `start`.
    private static func qWordText(_ bytes: [UInt8], at start: Int) -> (Int, Int)? {
        var index = start + 2
        while index < bytes.count, bytes[index] != UInt8(ascii: "?") {
            let byte = bytes[index]
            if byte <= 32 || byte >= 127 || index - start > 66 { return nil }
            index += 1
        }
        guard index + 2 < bytes.count, index > start + 2, ASCII.lowercased(bytes[index + 1]) == UInt8(ascii: "q"),
              bytes[index + 2] == UInt8(ascii: "?") else { return nil }
        let textStart = index + 3
        var end = textStart
        while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: "=")) {
            if bytes[end] == UInt8(ascii: "?") || bytes[end] == ASCII.cr || bytes[end] == ASCII.lf || end - textStart > 4_096 { return nil }
            end += 1
        }
        return end + 1 < bytes.count ? (textStart, end) : nil
    }

    /// The charset label of the first encoded word in `bytes`, if any.
    static func firstCharset(in bytes: [UInt8]) -> String? {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "?") {
                var end = index + 2
                while end < bytes.count, end - index < 66, bytes[end] > 32, bytes[end] < 127, bytes[end] != UInt8(ascii: "?") { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: "?"), end > index + 2 {
                    return String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
                }
            }
            index += 1
        }
        return nil
    }
}
