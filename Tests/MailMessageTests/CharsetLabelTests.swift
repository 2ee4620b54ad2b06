import Testing
@testable import MailMessage

/// Charset labels as mail writes them (the WHATWG table, IANA aliases, matched loosely),
/// and labels that do not fit their bytes.
@Suite struct CharsetLabelTests {
    @Test(arguments: [
        ("koi8_r", [0xC1] as [UInt8], "а"),
        ("KOI8-R ", [0xC1], "а"),
        (" Koi8-R", [0xC1], "а"),
        ("iso-8859-8-i", [0xE0], "א"),
        ("ISO_8859-8-I", [0xE0], "א"),
        ("logical", [0xE0], "א"),
        ("win-1251", [0xE0], "а"),
        ("x-mac-cyrillic", [0x80], "А"),
        ("x-mac-ukrainian", [0x80], "А"),
        ("ibm866", [0xA0], "а"),
        ("866", [0xA0], "а"),
        ("macintosh", [0x8A], "ä"),
        ("x-mac-roman", [0x8A], "ä"),
        ("dos-874", [0xA1], "ก"),
        ("sun_eu_greek", [0xE1], "α"),
        ("iso_8859-15", [0xA4], "€"),
        ("ISO8859_15", [0xA4], "€"),
        ("csisolatin9", [0xA4], "€"),
        ("l9", [0xA4], "€"),
        ("cp1250", [0x9A], "š"),
        ("x-cp1253", [0xE1], "α"),
        ("unicode-1-1-utf-8", [0xC3, 0xA9], "é"),
        ("utf8", [0xC3, 0xA9], "é"),
        ("UTF_8", [0xC3, 0xA9], "é"),
        ("windows-949", [0xC7, 0xD1], "한"),
        ("csiso58gb231280", [0xC4, 0xE3], "你"),
        ("cn-big5", [0xA7, 0x41], "你"),
        ("ms_kanji", [0x82, 0xA0], "あ"),
        ("utf-16le", [0x41, 0x00, 0x42, 0x00], "AB"),
        ("utf-16be", [0x00, 0x41, 0x00, 0x42], "AB"),
        ("utf-16", [0xFE, 0xFF, 0x00, 0x41], "A"),
        ("x-user-defined", [0x41, 0x80], "A\u{F780}"),
        ("iso-2022-kr", [0x1B, 0x24, 0x29, 0x43, 0x0E, 0x47, 0x51, 0x0F], "한"),
        ("utf-7", Array("+AOk-".utf8), "é"),
    ])
    func labelsFromTheWHATWGTableAndIANAAreRecognised(label: String, bytes: [UInt8], expected: String) {
        let decoded = Charset.decode(bytes, charset: label)
        #expect(decoded.charsetRecognized, "\(label)")
        #expect(decoded.text == expected, "\(label)")
        #expect(Charset.isSupported(label), "\(label)")
    }

    @Test func everyWHATWGLabelIsRecognised() {
        for (encoding, labels) in CharsetLabel.whatwg where encoding != "replacement" {
            for label in labels {
                #expect(CharsetLabel.decoder(for: label) != nil, "\(label) (\(encoding))")
                #expect(CharsetLabel.decoder(for: label.uppercased()) == CharsetLabel.decoder(for: label), "\(label) in capitals")
            }
        }
        #expect(CharsetLabel.decoder(for: "hz-gb-2312") == nil, "nothing here decodes HZ; shown as unknown")
    }

    @Test func aBodyOfValidUTF8LabelledISO2022JPIsShownAsUTF8WithTheMarker() {
        let text = String(repeating: "日本語のテキスト、正しい UTF-8。\r\n", count: 40)
        let parsed = MIMEMessage(bytes: Array(("Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n" + text).utf8))
        let rendered = MessageRenderer().render(parsed)
        #expect(!rendered.bodyText.contains("\u{FFFD}"))
        #expect(rendered.bodyText.contains("日本語のテキスト"))
        #expect(rendered.notes.contains { $0.contains("charset guessed") && $0.contains("ISO-2022-JP") })
    }

    @Test func theSameRuleHoldsForEncodedWordsAndParameters() {
        // UTF-8 bytes in a word labelled ISO-2022-JP, and in an RFC 2231 parameter.
        let parsed = message([
            "Subject: =?ISO-2022-JP?B?5pel5pys6Kqe?=",
            "Content-Type: multipart/mixed; boundary=b", "",
            "--b", "Content-Type: text/plain", "", "x",
            "--b", "Content-Type: application/octet-stream", "Content-Disposition: attachment; filename*=iso-2022-jp''%E6%97%A5.txt", "", "data",
            "--b--",
        ])
        #expect(parsed.subject == "日本語")
        #expect(MessageRenderer().render(parsed).attachments.map(\.filename) == ["日.txt"])
    }
}
