import Testing
@testable import MerleConfig

/// `send_delay`: seconds a message sent in the reader waits for undo, in `[general]` and
/// per account.
@Suite struct SendDelayConfigTests {
    static func config(general: String = "", account: String = "") -> String {
        """
        [general]
        \(general)
        [[account]]
        name = "m"
        email = "m@example.test"
        \(account)
        [account.imap]
        host = "imap.example.test"
        user = "m"
        [[account]]
        name = "n"
        email = "n@example.test"
        [account.imap]
        host = "imap.example.test"
        user = "n"
        """
    }

    @Test func tenSecondsByDefaultTheGeneralOneElseTheAccountsOwn() throws {
        #expect(try ConfigLoader.parse(Self.config()).accounts.map(\.sendDelay) == [10, 10])
        #expect(try ConfigLoader.parse(Self.config(general: "send_delay = 30")).accounts.map(\.sendDelay) == [30, 30])
        #expect(try ConfigLoader.parse(Self.config(general: "send_delay = 30", account: "send_delay = 0")).accounts.map(\.sendDelay) == [0, 30])
    }

    @Test func aBadValueSaysWhatToWrite() {
        for (line, words) in [("send_delay = \"10\"", "must be a whole number"), ("send_delay = -1", "not between 0 and 3600"),
                              ("send_delay = 86400", "send later")] {
            do {
                _ = try ConfigLoader.parse(Self.config(account: line))
                Issue.record("\(line) was accepted")
            } catch {
                #expect("\(error)".contains(words), "\(line): \(error)")
                #expect("\(error)".contains("send_delay"), "\(error)")
            }
        }
    }
}
