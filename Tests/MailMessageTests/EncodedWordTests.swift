import Testing
@testable import MailMessage

@Suite struct EncodedWordTests {
    @Test func bAndQWordsDecode() {
        #expect(EncodedWord.decodeUnstructured("=?utf-8?B?SGVsbG8gV29ybGQ=?=") == "Hello World")
        #expect(EncodedWord.decodeUnstructured("=?iso-8859-1?Q?Caf=E9_au_lait?=") == "Café au lait")
    }

    @Test func adjacentWordsJoinEvenAcrossASplitCharacter() {
        // "é" (C3 A9) split across two words.
        #expect(EncodedWord.decodeUnstructured("=?utf-8?Q?Caf=C3?= \r\n =?utf-8?Q?=A9?=") == "Café")
        #expect(EncodedWord.decodeUnstructured("=?utf-8?q?a?= =?utf-8?q?b?= c") == "ab c")
    }

    @Test func brokenWordsAreShownAsWritten() {
        #expect(EncodedWord.decodeUnstructured("=?utf-8?B?!!!notbase64?=") == "=?utf-8?B?!!!notbase64?=")
        #expect(EncodedWord.decodeUnstructured("=?utf-8?X?abc?=") == "=?utf-8?X?abc?=")
        #expect(EncodedWord.decodeUnstructured("=?utf-8?Q?unterminated") == "=?utf-8?Q?unterminated")
    }

    @Test func unknownCharsetIsBestEffortNotDropped() {
        #expect(EncodedWord.decodeUnstructured("=?x-unknown-charset?Q?plain_text?=") == "plain text")
    }

    @Test func rfc2231LanguageSuffix() {
        #expect(EncodedWord.decodeUnstructured("=?US-ASCII*EN?Q?Keith_Moore?=") == "Keith Moore")
    }

    @Test func encodingRoundTripsAndStaysShort() {
        let text = "Grüße aus Köln — ein sehr langer Betreff mit vielen Wörtern und Emoji 👋🏽 am Ende"
        let words = EncodedWord.encode(text)
        #expect(words.allSatisfy { $0.count <= 75 })
        #expect(EncodedWord.decodeUnstructured(words.joined(separator: "\r\n ")) == text)
        #expect(EncodedWord.encodeIfNeeded("plain ascii") == "plain ascii")
    }
}
