import Testing
@testable import MailMessage

@Suite struct CharsetTests {
    /// (label, bytes, expected text) for every charset the issue lists.
    static let samples: [(String, [UInt8], String)] = [
        ("utf-8", [0xC3, 0xA9], "é"),
        ("us-ascii", Array("abc".utf8), "abc"),
        ("iso-8859-1", [0xE9], "é"),
        ("iso-8859-2", [0xB1], "ą"),
        ("iso-8859-3", [0xB1], "ħ"),
        ("iso-8859-4", [0xB1], "ą"),
        ("iso-8859-5", [0xD0], "а"),
        ("iso-8859-6", [0xC7], "ا"),
        ("iso-8859-7", [0xE1], "α"),
        ("iso-8859-8", [0xE0], "א"),
        ("iso-8859-9", [0xFD], "ı"),
        ("iso-8859-10", [0xB1], "ą"),
        ("iso-8859-11", [0xA1], "ก"),
        ("iso-8859-13", [0xE0], "ą"),
        ("iso-8859-14", [0xA1], "Ḃ"),
        ("iso-8859-15", [0xA4], "€"),
        ("iso-8859-16", [0xA1], "Ą"),
        ("windows-1250", [0x9A], "š"),
        ("windows-1251", [0xE0], "а"),
        ("windows-1252", [0x80], "€"),
        ("windows-1253", [0xE1], "α"),
        ("windows-1254", [0xFD], "ı"),
        ("windows-1255", [0xE0], "א"),
        ("windows-1256", [0xC7], "ا"),
        ("windows-1257", [0xE0], "ą"),
        ("windows-1258", [0xE0], "à"),
        ("koi8-r", [0xC1], "а"),
        ("koi8-u", [0xA4], "є"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x42], "あ"),
        ("shift_jis", [0x82, 0xA0], "あ"),
        ("x-sjis", [0x82, 0xA0], "あ"),
        ("euc-jp", [0xA4, 0xA2], "あ"),
        ("gb2312", [0xC4, 0xE3], "你"),
        ("gbk", [0xC4, 0xE3], "你"),
        ("gb18030", [0xC4, 0xE3], "你"),
        ("big5", [0xA7, 0x41], "你"),
        ("euc-kr", [0xC7, 0xD1], "한"),
        ("ks_c_5601-1987", [0xC7, 0xD1], "한"),
    ]

    @Test(arguments: 0..<samples.count)
    func listedCharsetsDecode(index: Int) {
        let (label, bytes, expected) = Self.samples[index]
        let decoded = Charset.decode(bytes, charset: label)
        #expect(decoded.text == expected, "\(label)")
        #expect(decoded.charsetRecognized, "\(label)")
    }

    @Test func unknownCharsetIsShownWithMarker() {
        let decoded = Charset.decode(Array("plain".utf8), charset: "x-no-such-charset")
        #expect(decoded.text == "plain")
        #expect(!decoded.charsetRecognized)
        let bytes = Array("Content-Type: text/plain; charset=x-bogus\r\n\r\nhello\r\n".utf8)
        let rendered = MessageRenderer().render(MIMEMessage(bytes: bytes))
        #expect(rendered.bodyText.contains("hello"))
        #expect(rendered.bodyText.contains("unknown charset"))
    }

    @Test func brokenUTF8BecomesReplacementCharacters() {
        let decoded = Charset.decode([0x61, 0xFF, 0xC3, 0x62], charset: "utf-8")
        #expect(decoded.text == "a\u{FFFD}\u{FFFD}b")
        let truncated = Charset.decode([0x41, 0x82], charset: "shift_jis")  // a lead byte cut off
        #expect(truncated.text.contains("\u{FFFD}"))
    }

    @Test func mislabelledUTF8AndUnlabelledJIS() {
        #expect(CharsetSniffer.decodeBody(Array("Привет".utf8), declared: "windows-1251", hint: nil).text == "Привет")
        #expect(CharsetSniffer.decodeBody([0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x42], declared: nil, hint: nil).text == "あ")
        #expect(CharsetSniffer.decodeBody([0xFD], declared: nil, hint: "windows-1254").text == "ı")
    }
}

@Suite struct DecodedLengthTests {
    @Test(arguments: ["", "a", "ab", "abc", "abcd", "hello world, this is base64 with some length to it", "\u{0}\u{1}\u{FF}binary"])
    func base64LengthMatchesTheDecodedBytes(_ text: String) {
        let encoded = TransferEncoding.encodeBase64Lines(Array(text.utf8))
        #expect(TransferEncoding.base64.decodedLength(encoded[...]) == TransferEncoding.base64.decode(encoded).count)
    }

    @Test func quotedPrintableAndIdentityLengths() {
        let qp = Array("caf=C3=A9 soft=\r\nbreak\r\n".utf8)
        #expect(TransferEncoding.quotedPrintable.decodedLength(qp[...]) == TransferEncoding.quotedPrintable.decode(qp).count)
        #expect(TransferEncoding.eightBit.decodedLength(qp[...]) == qp.count)
    }
}
