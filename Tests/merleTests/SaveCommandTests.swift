import Foundation
import Testing

/// `merle save` through the binary on the demo store: a new .eml as stored, messages
/// appended to an mbox, and nothing ever overwritten.
@Suite struct SaveCommandTests {
    @Test func messagesGoToANewEmlOrAreAppendedToAnMbox() throws {
        let folder = try TemporaryFolder()
        #expect(try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "20"]).status == 0)
        let data = folder.path + "/demo"
        func merle(_ arguments: [String]) throws -> MerleProcess.Result { try MerleProcess.run(arguments + ["--data-dir", data]) }
        let raw = try merle(["show", "3", "--raw"]).stdout
        let eml = folder.path + "/three.eml"
        let saved = try merle(["save", "3", eml])
        #expect(saved.status == 0 && saved.output == "Saved message 3 to \(eml).\n", "\(saved.output)\(saved.stderr)")
        #expect(FileManager.default.contents(atPath: eml) == raw, "the bytes exactly as stored")

        let again = try merle(["save", "4", eml])
        #expect(again.status == 1)
        #expect(again.stderr.contains("is not an mbox file; nothing was overwritten"), "\(again.stderr)")
        #expect(FileManager.default.contents(atPath: eml) == raw)

        let mbox = folder.path + "/saved.mbox"
        #expect(try merle(["save", "1", "2", mbox]).output == "Wrote 2 messages to the mbox file \(mbox).\n")
        #expect(try merle(["save", "5", mbox]).output == "Appended 1 message to the mbox file \(mbox).\n")
        let text = try String(contentsOfFile: mbox, encoding: .utf8)
        #expect(text.hasPrefix("From "))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix("From ") && $0.contains("@") }.count == 3)
        #expect(!text.contains("\r"), "mbox lines end in LF")

        let several = try merle(["save", "1", "2", folder.path + "/two.eml"])
        #expect(several.status == 1 && several.stderr.contains("an .eml file holds one message"), "\(several.stderr)")
        let missing = try merle(["save", "999", folder.path + "/x.eml"])
        #expect(missing.status == 1 && missing.stderr.contains("message 999"), "\(missing.stderr)")
    }
}
