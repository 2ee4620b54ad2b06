/// The one rule for reading labelled or unlabelled text, used for bodies, encoded words,
/// parameters and raw header bytes alike. Mail in the wild often omits the charset
/// (ISO-2022-JP bodies labelled nothing, Turkish Windows-1254 with no label), or names
/// the wrong one (UTF-8 labelled ISO-2022-JP or Windows-1251, Latin-1 labelled UTF-8).
///
/// - No label, US-ASCII or an unknown label: ISO-2022-JP escapes, else UTF-8 if valid,
///   else the hint, else Windows-1252 (an unknown label is reported as such).
/// - A label whose bytes do not fit it (iconv errors, or a single-byte charset holding
///   valid multi-byte UTF-8) and bytes that are valid UTF-8: UTF-8, marked as guessed.
public enum CharsetSniffer: Sendable {
    /// Decodes a text body.
    /// - Parameters:
    ///   - declared: the Content-Type charset, if any.
    ///   - hint: another charset the message uses (see `MIMEMessage.charsetHint`), tried
    ///     for 8-bit text that is neither its label's nor UTF-8.
    public static func decodeBody(_ bytes: [UInt8], declared: String?, hint: String?) -> DecodedText {
        let decoder = declared.flatMap(Charset.resolve)
        if declared == nil || decoder == nil || decoder == .ascii {
            let recognized = declared == nil || decoder != nil
            if containsISO2022JPEscapes(bytes) {
                return DecodedText(text: Charset.decode(bytes, charset: "iso-2022-jp").text, charsetRecognized: recognized)
            }
            if bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil {
                return DecodedText(text: String(decoding: bytes, as: UTF8.self), charsetRecognized: recognized)
            }
            return DecodedText(text: legacyGuess(bytes, hint: hint), charsetRecognized: recognized)
        }
        guard let decoder else { return DecodedText(text: Charset.bestEffort(bytes), charsetRecognized: false) }
        if decoder == .utf8 {
            // Broken UTF-8 stays UTF-8, its bad bytes shown as U+FFFD.
            return DecodedText(text: String(decoding: bytes, as: UTF8.self), charsetRecognized: true)
        }
        if decoder.isSingleByte, hasMultibyteUTF8(bytes) {
            // Valid multi-byte UTF-8 is almost never meaningful single-byte text: a mislabel.
            return DecodedText(text: String(decoding: bytes, as: UTF8.self), charsetRecognized: true, shownAs: "UTF-8")
        }
        let attempt = Charset.decode(bytes, with: decoder)
        // Only 8-bit UTF-8 says "this was UTF-8": 7-bit text that a 7-bit charset
        // (ISO-2022-JP with a carrier's emoji codes) trips on stays in that charset.
        if attempt.hadErrors, hasMultibyteUTF8(bytes) {
            return DecodedText(text: String(decoding: bytes, as: UTF8.self), charsetRecognized: true, shownAs: "UTF-8")
        }
        if case .utf16 = decoder, !bytes.contains(0), bytes.count > 1, let valid = String(validating: bytes, as: UTF8.self),
           !(bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])) {
            // Text with no NUL byte at all is not UTF-16 of anything readable.
            return DecodedText(text: valid, charsetRecognized: true, shownAs: "UTF-8")
        }
        return DecodedText(text: attempt.text, charsetRecognized: attempt.recognized)
    }

    /// 8-bit text that is not UTF-8: the hint when it decodes, else Windows-1252.
    static func legacyGuess(_ bytes: [UInt8], hint: String?) -> String {
        if let hint, let decoder = Charset.resolve(hint), decoder != .utf8, decoder != .ascii {
            let attempt = Charset.decode(bytes, with: decoder)
            if !attempt.hadErrors { return attempt.text }
        }
        return Charset.windows1252(bytes)
    }

    /// ESC $ B, ESC $ @, ESC $ ( D or ESC ( J: JIS designations.
    static func containsISO2022JPEscapes(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == 0x1B {
                let first = bytes[index + 1]
                let second = bytes[index + 2]
                if first == UInt8(ascii: "$"), second == UInt8(ascii: "B") || second == UInt8(ascii: "@") || second == UInt8(ascii: "(") { return true }
                if first == UInt8(ascii: "("), second == UInt8(ascii: "J") || second == UInt8(ascii: "I") { return true }
            }
            index += 1
        }
        return false
    }

    static func hasMultibyteUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 >= 0x80 } && String(validating: bytes, as: UTF8.self) != nil
    }
}
