import Testing
@testable import MailMessage

/// List-Id, List-Post, List-Unsubscribe (RFC 2919, 2369, 8058) and mailto: URIs (RFC 6068).
@Suite struct ListHeaderTests {
    static let listMessage = message([
        "From: Ann <ann@example.test>", "To: swift-dev@lists.example.test", "Subject: [swift-dev] Build",
        "List-Id: Swift Developers <swift-dev.lists.example.test>",
        "List-Post: <mailto:swift-dev@lists.example.test> (Posts go here)",
        "List-Unsubscribe: (Use this one) <mailto:swift-dev-leave@lists.example.test?subject=unsubscribe%20me>,",
        " <https://lists.example.test/unsub/",
        "  abc?x=1>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "", "Hello",
    ])

    @Test func theListHeadersAreRead() {
        let list = ListHeaders(Self.listMessage)
        #expect(list.id == "Swift Developers <swift-dev.lists.example.test>")
        #expect(list.shortID == "swift-dev.lists.example.test")
        #expect(list.post == ["mailto:swift-dev@lists.example.test"])
        #expect(list.postAddress?.mailbox == "swift-dev@lists.example.test")
        #expect(list.unsubscribe == ["mailto:swift-dev-leave@lists.example.test?subject=unsubscribe%20me",
                                     "https://lists.example.test/unsub/abc?x=1"], "folded whitespace inside the brackets is dropped")
        #expect(list.oneClick)
        let none = ListHeaders(message(["From: a@b.test", "Subject: hi", "", "x"]))
        #expect(none.id == nil && none.post.isEmpty && none.unsubscribe.isEmpty && !none.oneClick && none.postAddress == nil)
        let closed = ListHeaders(message(["List-Post: NO (posting not allowed on this list)", "", "x"]))
        #expect(closed.postingForbidden && closed.post.isEmpty)
    }

    @Test func mailtoKeepsAddressesSubjectAndBodyOnly() throws {
        let plain = try #require(MailtoURL("mailto:leave@lists.example.test?subject=unsubscribe%20me&body=Bye%0Anow"))
        #expect(plain.to.map(\.mailbox) == ["leave@lists.example.test"])
        #expect(plain.subject == "unsubscribe me")
        #expect(plain.body == "Bye\nnow")
        let hostile = try #require(MailtoURL("MAILTO:a@x.test,b@x.test?attach=/etc/passwd&attachment=~/.ssh/id_rsa&cc=c@x.test&bcc=d@x.test&in-reply-to=x"))
        #expect(hostile.to.map(\.mailbox) == ["a@x.test", "b@x.test"])
        #expect(hostile.cc.map(\.mailbox) == ["c@x.test"])
        #expect(hostile.subject == nil && hostile.body == nil, "attach, bcc and other fields are ignored")
        #expect(MailtoURL("https://example.test/") == nil)
        #expect(MailtoURL("mailto:?subject=x") == nil, "no address, no mailto")
    }

    @Test func signaturesAreExchangedWhenTheIdentityChanges() {
        let body = "Hello\n-- \nAlice\n"
        #expect(Signature.replacing("Alice", with: "Alice (lists)\nhttps://alice.example", in: body) == "Hello\n-- \nAlice (lists)\nhttps://alice.example\n")
        #expect(Signature.replacing("Alice", with: nil, in: body) == "Hello\n")
        #expect(Signature.replacing(nil, with: "Bob", in: "Hi\n") == "Hi\n-- \nBob\n")
        let forwarded = "FYI\n\n---------- Forwarded message ----------\nFrom: x\n"
        #expect(Signature.replacing(nil, with: "Bob", in: forwarded) == "FYI\n-- \nBob\n\n---------- Forwarded message ----------\nFrom: x\n")
        #expect(Signature.appending("Sig", to: "") == "\n-- \nSig\n", "an empty line to write on, then the signature")
        #expect(Signature.replacing("Gone", with: "New", in: "edited away\n") == "edited away\n-- \nNew\n")
    }

    @Test func ownAddressGlobs() {
        let own = OwnAddresses(addresses: ["Alice@Example.test"], patterns: ["alice+*@example.test", "*@alice.example", "a?c@x.test"])
        for yes in ["alice@example.test", "ALICE+lists@example.test", "x.y@alice.example", "abc@x.test"] { #expect(own.contains(yes), "\(yes)") }
        for no in ["bob@example.test", "alice+@example.test.org", "x@sub.alice.example.org", "abbc@x.test", ""] { #expect(!own.contains(no), "\(no)") }
        let stars = OwnAddresses(patterns: [String(repeating: "*a", count: 30) + "*b"])
        #expect(!stars.contains(String(repeating: "a", count: 200)), "a pathological pattern ends quickly")
    }
}
