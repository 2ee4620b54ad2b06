import Testing
@testable import MailMessage

@Suite struct RFC2231Tests {
    @Test func continuationsWithCharsetAndLanguage() throws {
        let type = try #require(MediaType(headerValue: "application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\""))
        #expect(type.parameter("title") == "This is even more ***fun*** isn't it!")
        #expect(type.parameters.first?.language == "en")
    }

    @Test func utf8FilenameInDisposition() {
        let disposition = ContentDisposition(headerValue: "attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf")
        #expect(disposition.isAttachment)
        #expect(disposition.filename == "€ rates.pdf")
    }

    @Test func outOfOrderAndDuplicateSections() throws {
        let type = try #require(MediaType(headerValue: "text/plain; name*1=\"b\"; name*0=\"a\"; name*1=\"x\""))
        #expect(type.parameter("name") == "ab")
    }

    @Test func encodeParameterRoundTrips() throws {
        let name = "Ünïcode file name that is quite long indeed, with ümlauts.pdf"
        let encoded = RFC2231.encodeParameter(name: "filename", value: name)
        #expect(encoded.count > 1)
        #expect(encoded.allSatisfy { $0.count < 78 && $0.unicodeScalars.allSatisfy(\.isASCII) })
        let disposition = ContentDisposition(headerValue: "attachment; " + encoded.joined(separator: "; "))
        #expect(disposition.filename == name)
    }

    @Test func brokenQuotingAndEmptyParameters() throws {
        let type = try #require(MediaType(headerValue: "text/plain;; ; charset=\"utf-8; name=x"))
        #expect(type.mimeType == "text/plain")
        #expect(type.charset != nil)
    }

    @Test func mediaTypeGuessForAttachments() {
        #expect(MediaType.guess(forFileName: "Report.PDF") == "application/pdf")
        #expect(MediaType.guess(forFileName: "photo.jpeg") == "image/jpeg")
        #expect(MediaType.guess(forFileName: "noextension") == "application/octet-stream")
        #expect(MediaType.guess(forFileName: "archive.unknownext") == "application/octet-stream")
    }
}
