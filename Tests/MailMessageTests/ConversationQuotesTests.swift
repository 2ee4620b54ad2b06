import Testing
@testable import MailMessage

/// Which quotes in a conversation repeat an earlier message (folded in the view) and
/// which do not (shown).
@Suite struct ConversationQuotesTests {
    static let first = "Can we meet on Friday?\nThe room is booked from ten.\n\n-- \nAnn\n"
    static let second = "Friday works.\n\nOn Mon, 7 Dec 2026, Ann wrote:\n> Can we meet on Friday?\n> The room is booked from ten.\n>\n> -- \n> Ann\n\nBob\n"

    @Test func aQuoteOfAnEarlierMessageIsFoldedWithItsAttribution() {
        let segments = ConversationQuotes.segments(of: [Self.first, Self.second])
        #expect(segments[0] == [.text(Self.first.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))])
        #expect(segments[1] == [
            .text(["Friday works.", ""]),
            .repeated(lines: ["On Mon, 7 Dec 2026, Ann wrote:", "> Can we meet on Friday?", "> The room is booked from ten.", ">", "> -- ", "> Ann"], of: 0),
            .text(["", "Bob", ""]),
        ])
    }

    @Test func nestedQuotesAndRewrappedLinesStillMatch() {
        let third = "Great.\n\nBob wrote:\n> Friday works.\n>\n>> Can we  meet on Friday?\n>> The room is booked from ten.\n"
        let segments = ConversationQuotes.segments(of: [Self.first, Self.second, third])
        // Most of its lines are message 1's own ("Friday works.") or message 0's.
        guard case let .repeated(_, source)? = segments[2].first(where: { if case .repeated = $0 { return true } else { return false } }) else {
            Issue.record("the quote was not folded: \(segments[2])")
            return
        }
        #expect(source == 0 || source == 1)
    }

    @Test func aQuoteOfSomethingElseIsShown() {
        let other = "About this:\n> a line nobody in this thread wrote\n> and another one\n\nYes.\n"
        let segments = ConversationQuotes.segments(of: [Self.first, other])
        #expect(segments[1] == [.text(other.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))])
        // Interleaved answers: the quoted lines are folded only when most of them repeat.
        let mixed = "> Can we meet on Friday?\nYes.\n> something new entirely\n> more new words\n"
        let mixedSegments = ConversationQuotes.segments(of: [Self.first, mixed])
        #expect(mixedSegments[1].first == .repeated(lines: ["> Can we meet on Friday?"], of: 0))
        #expect(mixedSegments[1].last == .text(["Yes.", "> something new entirely", "> more new words", ""]))
    }

    @Test func outlooksUnmarkedQuoteIsFoldedToTheEnd() {
        let outlook = "Thursday works.\n\n-----Original Message-----\nFrom: Ann <ann@example.test>\nSent: Monday, December 7, 2026 10:00 AM\n"
            + "To: Bob\nSubject: Meeting\n\nCan we meet on Friday?\nThe room is booked from ten.\n"
        let segments = ConversationQuotes.segments(of: [Self.first, outlook])
        #expect(segments[1].count == 2)
        #expect(segments[1].first == .text(["Thursday works.", ""]))
        if case let .repeated(lines, source)? = segments[1].last {
            #expect(lines.first == "-----Original Message-----" && source == 0)
        } else {
            Issue.record("not folded: \(segments[1])")
        }
        // The same header block over words nobody in the thread wrote stays.
        let forwarded = "FYI\n\nFrom: Carl <carl@example.test>\nSent: Monday\n\nSomething entirely new.\n"
        #expect(ConversationQuotes.segments(of: [Self.first, forwarded])[1].count == 1)
    }

    @Test func aHostileBodyStaysLinear() {
        let hostile = String(repeating: "From: x\nSent: y\n> a\n", count: 20_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = ConversationQuotes.segments(of: [Self.first, hostile, hostile]) }
        #expect(elapsed < .seconds(5), "\(elapsed)")
    }

    @Test func theFirstMessageFoldsNothing() {
        #expect(ConversationQuotes.segments(of: ["> quoted from outside\n"]) == [[.text(["> quoted from outside", ""])]])
        #expect(ConversationQuotes.segments(of: []).isEmpty)
    }
}
