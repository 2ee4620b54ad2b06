import Foundation
import Testing
@testable import MailMessage

@Suite struct ThreaderTests {
    static func item(_ id: String, _ messageID: String?, refs: [String] = [], inReplyTo: [String] = [], subject: String? = nil, at seconds: Double) -> ThreadableMessage {
        ThreadableMessage(id: id, messageID: messageID, inReplyTo: inReplyTo, references: refs, subject: subject, date: Date(timeIntervalSince1970: seconds))
    }

    static let conversation: [ThreadableMessage] = [
        item("1", "a@x", subject: "Topic", at: 100),
        item("2", "b@x", refs: ["a@x"], subject: "Re: Topic", at: 200),
        item("3", "c@x", refs: ["a@x", "b@x"], subject: "Re: Topic", at: 300),
        item("4", "d@x", inReplyTo: ["a@x"], subject: "Re: Topic", at: 250),
        item("5", "e@x", refs: ["missing@x"], subject: "Orphan reply", at: 50),
        item("6", "f@x", refs: ["missing@x"], subject: "Orphan reply 2", at: 60),
        item("7", nil, subject: "No id", at: 10),
        item("8", "g@x", subject: "Topic", at: 400),
    ]

    static func describe(_ nodes: [ThreadNode]) -> String {
        nodes.map { node in
            "(" + (node.id ?? "?") + (node.children.isEmpty ? "" : " " + describe(node.children)) + ")"
        }.joined()
    }

    @Test func referencesInReplyToAndMissingParents() {
        var threader = Threader()
        threader.add(contentsOf: Self.conversation)
        #expect(Self.describe(threader.threads()) == "(7)(? (5)(6))(1 (2 (3))(4))(8)")
    }

    @Test func sameResultWhateverTheOrder() {
        var reference = Threader()
        reference.add(contentsOf: Self.conversation)
        let expected = reference.threads()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var threader = Threader()
            threader.add(contentsOf: Self.conversation.shuffled(using: &generator))
            #expect(threader.threads() == expected)
        }
    }

    @Test func incrementalEqualsAllAtOnce() {
        var all = Threader(groupBySubject: true)
        all.add(contentsOf: Self.conversation)
        var incremental = Threader(groupBySubject: true)
        for message in Self.conversation.reversed() {
            incremental.add(message)
            _ = incremental.threads()
        }
        #expect(incremental.threads() == all.threads())
    }

    @Test func referenceLoopsAreBroken() {
        let looped = [
            Self.item("1", "a@x", refs: ["b@x"], at: 1),
            Self.item("2", "b@x", refs: ["a@x"], at: 2),
            Self.item("3", "c@x", refs: ["c@x", "a@x"], at: 3),
        ]
        var threader = Threader()
        threader.add(contentsOf: looped)
        let threads = threader.threads()
        #expect(threads.map(\.messageCount).reduce(0, +) == 3)
        var shuffled = Threader()
        shuffled.add(contentsOf: looped.reversed())
        #expect(shuffled.threads() == threads)
    }

    @Test func duplicateMessageIDsStaySeparate() {
        var threader = Threader()
        threader.add(contentsOf: [Self.item("1", "same@x", at: 1), Self.item("2", "same@x", at: 2)])
        #expect(Self.describe(threader.threads()) == "(1)(2)")
    }

    @Test func subjectGroupingIsOptional() {
        var off = Threader()
        off.add(contentsOf: Self.conversation)
        #expect(off.threads().count == 4)
        var on = Threader(groupBySubject: true)
        on.add(contentsOf: Self.conversation)
        // RFC 5256 step 5: two non-reply roots with the same base subject go under a new placeholder.
        #expect(Self.describe(on.threads()) == "(7)(? (5)(6))(? (1 (2 (3))(4))(8))")
    }

    @Test func longReferenceChainsDoNotRecurse() {
        let messages = (0..<20_000).map { index in
            Self.item(String(index), "m\(index)@x", refs: index == 0 ? [] : ["m\(index - 1)@x"], at: Double(index))
        }
        var threader = Threader()
        threader.add(contentsOf: messages)
        let threads = threader.threads()
        #expect(threads.count == 1)
        #expect(threads[0].messageCount == 20_000)
    }
}
