import Testing
@testable import MailMessage

@Suite struct TransferEncodingTests {
    @Test func base64ToleratesGarbageAndLineBreaks() {
        #expect(TransferEncoding.decodeBase64(Array("SGVs\r\nbG8*gV2\n9y bGQ=".utf8)) == Array("Hello World".utf8))
        #expect(TransferEncoding.decodeBase64(Array("!!!!".utf8)).isEmpty)
        #expect(TransferEncoding.decodeBase64(Array("SGk=SGk=".utf8)) == Array("HiHi".utf8))
    }

    @Test func quotedPrintableSoftBreaksAndBadEscapes() {
        let input = Array("caf=C3=A9 =\r\nau lait=\nx = 5 =ZZ end=4\r\ntrailing   \r\n".utf8)
        #expect(String(decoding: TransferEncoding.decodeQuotedPrintable(input), as: UTF8.self) == "café au laitx = 5 =ZZ end=4\r\ntrailing\r\n")
    }

    @Test func headerValueNames() {
        #expect(TransferEncoding(headerValue: " Base64 ") == .base64)
        #expect(TransferEncoding(headerValue: "Quoted-Printable") == .quotedPrintable)
        #expect(TransferEncoding(headerValue: nil) == .sevenBit)
        #expect(TransferEncoding(headerValue: "x-uuencode") == .uuencode)
    }

    @Test func encodersRoundTrip() {
        let bytes = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let base64 = TransferEncoding.encodeBase64Lines(bytes)
        #expect(base64.split(separator: ASCII.lf).allSatisfy { $0.count <= 77 })
        #expect(TransferEncoding.decodeBase64(base64) == bytes)
        let text = Array("Ünïcode line that is long enough to need a soft line break because it goes past seventy-six characters = yes\nsecond line \n.dot\n".utf8)
        let qp = TransferEncoding.encodeQuotedPrintable(text)
        #expect(qp.split(separator: ASCII.lf).allSatisfy { $0.count <= 77 })
        let decoded = TransferEncoding.decodeQuotedPrintable(qp)
        #expect(String(decoding: decoded, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n") == String(decoding: text, as: UTF8.self))
    }
}
