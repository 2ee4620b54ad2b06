/// Chooses how to decode a text body when its label is missing, plain ASCII or wrong.
/// Mail in the wild often omits the charset (ISO-2022-JP bodies labelled nothing,
/// Turkish Windows-1254 with no label) or mislabels UTF-8 as a single-byte charset.
public enum CharsetSniffer: Sendable {
    /// Decodes a text body.
    /// - Parameters:
    ///   - declared: the Content-Type charset, if any.
    ///   - hint: another charset the message uses (see `MIMEMessage.charsetHint`), tried
    ///     for unlabelled 8-bit text that is not UTF-8.
    public static func decodeBody(_ bytes: [UInt8], declared: String?, hint: String?) -> DecodedText {
        let name = declared.map(Charset.canonicalName) ?? "US-ASCII"
        if name == "US-ASCII" || !Charset.isSupported(declared ?? "") {
            let recognized = declared == nil || name == "US-ASCII"
            if containsISO2022JPEscapes(bytes) {
                return DecodedText(text: Charset.decode(bytes, charset: "iso-2022-jp").text, charsetRecognized: recognized)
            }
            if bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil {
                return DecodedText(text: String(decoding: bytes, as: UTF8.self), charsetRecognized: recognized)
            }
            if let hint, Charset.isSupported(hint) {
                return DecodedText(text: Charset.decode(bytes, charset: hint).text, charsetRecognized: recognized)
            }
            return DecodedText(text: Charset.windows1252(bytes), charsetRecognized: recognized)
        }
        if isSingleByte(name), hasMultibyteUTF8(bytes) {
            // Valid multi-byte UTF-8 is almost never meaningful single-byte text: a mislabel.
            return DecodedText(text: String(decoding: bytes, as: UTF8.self), charsetRecognized: true)
        }
        return Charset.decode(bytes, charset: declared)
    }

    static func isSingleByte(_ canonical: String) -> Bool {
        canonical.hasPrefix("ISO-8859-") || canonical.hasPrefix("CP125") || canonical == "WINDOWS-1252" || canonical.hasPrefix("KOI8") || canonical == "CP874"
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
