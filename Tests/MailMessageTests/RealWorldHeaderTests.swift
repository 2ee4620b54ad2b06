import Testing
@testable import MailMessage

/// Messages as old and odd mailers wrote them (samples written for these tests after the
/// forms Eudora, Pine, sendmail and Outlook Express produced). Facts compared: the
/// decoded header text and the addresses.
@Suite struct RealWorldHeaderTests {
    /// A message whose bytes are given as text where every scalar below U+0100 is one byte
    /// (so "\u{F6}" is the raw ISO-8859-1 byte F6, as the old mailer wrote it).
    static func rawMessage(_ lines: [String]) -> MIMEMessage {
        MIMEMessage(bytes: lines.joined(separator: "\r\n").unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
    }

    @Test(arguments: [
        // Eudora: raw Latin-1 inside a Q encoded word.
        ("=?iso-8859-1?Q?Fr\u{F6}sche_und_Kr\u{F6}ten?=", "Frösche und Kröten"),
        // Raw Latin-1 next to an encoded word.
        ("Fr\u{F6}sche =?iso-8859-1?Q?M=FCller?=", "Frösche Müller"),
        // Raw Latin-1 glued to an encoded word, inside and out.
        ("Gr\u{FC}\u{DF}e von =?ISO-8859-1?Q?J\u{FC}rgen_M=FCller?=", "Grüße von Jürgen Müller"),
        // Raw UTF-8 inside a word that claims Latin-1: read once, as UTF-8.
        ("=?iso-8859-1?Q?M\u{C3}\u{BC}ller?=", "Müller"),
    ])
    func eightBitBytesAroundEncodedWordsAreDecodedOnce(raw: String, expected: String) {
        let parsed = Self.rawMessage(["From: a@example.test", "Subject: " + raw, "", "body"])
        #expect(parsed.subject == expected)
        #expect(MessageRenderer().render(parsed).headerLines.contains("Subject: " + expected))
    }

    @Test func rawBytesInADisplayNameUseTheMessageCharsetOnce() {
        let parsed = Self.rawMessage([
            "From: M\u{FC}ller =?iso-8859-1?Q?J=FCrgen?= <jm@example.test>", "Subject: x",
            "Content-Type: text/plain; charset=iso-8859-1", "", "body",
        ])
        #expect(parsed.from.addresses.first?.name == "Müller Jürgen")
    }

    @Test func aFieldThatIsValidUTF8IsReadAsUTF8EvenUnderALegacyCharset() {
        let parsed = MIMEMessage(bytes: Array("Subject: Grüße\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\nx".utf8))
        #expect(parsed.subject == "Grüße")
    }

    @Test func encodedWordsInAnOldStyleCommentAreTheName() {
        // "山田" in ISO-2022-JP, inside a comment after the address.
        let parsed = message(["From: yamada@example.test (Taro =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?=)", "", "x"])
        let address = parsed.from.addresses.first
        #expect(address?.mailbox == "yamada@example.test")
        #expect(address?.name == "Taro 山田")
        #expect(MessageRenderer().render(parsed).headerLines.contains("From: \"Taro 山田\" <yamada@example.test>") == false)
        #expect(MessageRenderer().render(parsed).headerLines.contains("From: Taro 山田 <yamada@example.test>"))
    }

    @Test func aCommentAloneIsNoAddress() {
        let parsed = message(["From: a@example.test", "To: (no To-header on input)", "Cc: undisclosed-recipients: (nobody);", "", "x"])
        #expect(parsed.to.addresses.isEmpty)
        #expect(parsed.cc.addresses.isEmpty)
        let lines = MessageRenderer().render(parsed).headerLines
        #expect(lines.contains("To: (no To-header on input)"), "the field's text is still shown")
    }

    @Test(arguments: [
        ("\"Doe, John\" <jd@example.test>", "\"Doe, John\" <jd@example.test>"),
        ("\"<admin@bank.test>\" <evil@example.test>", "\"<admin@bank.test>\" <evil@example.test>"),
        ("=?utf-8?Q?Smith=2C_Jane?= <js@example.test>", "\"Smith, Jane\" <js@example.test>"),
        ("\"J. Random\" <jr@example.test>", "J. Random <jr@example.test>"),
        ("Plain Name <p@example.test>", "Plain Name <p@example.test>"),
    ])
    func namesWithSpecialsAreQuoted(raw: String, shown: String) {
        let lines = MessageRenderer().render(message(["From: " + raw, "", "x"])).headerLines
        #expect(lines.contains("From: " + shown), "\(lines)")
    }
}
