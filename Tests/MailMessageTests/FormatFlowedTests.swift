import Testing
@testable import MailMessage

@Suite struct FormatFlowedTests {
    @Test func softBreaksJoinAndQuotesStaySeparate() {
        let text = "This is a \r\nflowed paragraph.\r\n> quoted \r\n> more\r\n>> deeper\r\n \r\n-- \r\nsig\r\n"
        #expect(FormatFlowed.unwrap(text, delSp: false) == "This is a flowed paragraph.\n> quoted more\n>> deeper\n\n-- \nsig\n")
    }

    @Test func delSpRemovesTheJoiningSpace() {
        #expect(FormatFlowed.unwrap("日本語の \r\n文章\r\n", delSp: true) == "日本語の文章\n")
    }

    @Test func spaceStuffingIsRemoved() {
        #expect(FormatFlowed.unwrap(" From here\r\n >not a quote\r\n", delSp: false) == "From here\n>not a quote\n")
    }

    @Test func rendererAppliesFlowed() {
        let parsed = message(["Content-Type: text/plain; format=flowed; delsp=no", "", "one \r\ntwo", ""])
        #expect(MessageRenderer().render(parsed).bodyText == "one two\n")
    }
}
