import Foundation
import Testing
@testable import MailMessage

/// mboxrd entries and the rules for saving messages to files: never over an existing
/// file, mbox files appended to, one message per .eml.
@Suite struct MessageSaverTests {
    static let date = Date(timeIntervalSince1970: 1_796_300_000)  // Thu Dec  3 ... 2026

    @Test func mboxrdQuotesEveryFromLineByOneMore() {
        let raw = Array("Subject: x\r\n\r\nFrom here on\r\n>From quoted\r\n>>From twice\r\n From not at the start\r\nFromage\r\nlast".utf8)
        let entry = String(decoding: Mboxrd.entry(raw, sender: "ann@example.test", date: Self.date), as: UTF8.self)
        #expect(entry == "From ann@example.test \(Mboxrd.asctime(Self.date))\nSubject: x\n\n>From here on\n>>From quoted\n>>>From twice\n"
                + " From not at the start\nFromage\nlast\n\n")
        #expect(Mboxrd.asctime(Date(timeIntervalSince1970: 0)) == "Thu Jan  1 00:00:00 1970")
        #expect(Mboxrd.entry([], sender: "a b@x", date: Self.date).starts(with: Array("From MAILER-DAEMON ".utf8)), "no space in the sender")
    }

    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "merle-save-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func message(_ subject: String) -> MessageSaver.Message {
        MessageSaver.Message(raw: Array("Subject: \(subject)\r\n\r\nFrom the top\r\n".utf8), sender: "ann@example.test", date: Self.date, subject: subject)
    }

    @Test func savingNeverOverwritesAndAppendsToMbox() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        // A new .eml: the bytes as they are.
        #expect(try MessageSaver.save([message("One")], to: base + "/one.eml") == .eml(path: base + "/one.eml"))
        #expect(FileManager.default.contents(atPath: base + "/one.eml") == Data("Subject: One\r\n\r\nFrom the top\r\n".utf8))
        #expect(throws: MessageSaver.Failure.self, "an existing .eml is not an mbox: refused") {
            try MessageSaver.save([message("Again")], to: base + "/one.eml")
        }
        #expect(FileManager.default.contents(atPath: base + "/one.eml") == Data("Subject: One\r\n\r\nFrom the top\r\n".utf8), "untouched")
        // Another name: a new mbox, then appended to.
        #expect(try MessageSaver.save([message("A"), message("B")], to: base + "/saved") == .mbox(path: base + "/saved", created: true, count: 2))
        #expect(try MessageSaver.save([message("C")], to: base + "/saved") == .mbox(path: base + "/saved", created: false, count: 1))
        let mbox = try String(contentsOfFile: base + "/saved", encoding: .utf8)
        #expect(mbox.components(separatedBy: "\nFrom ann@example.test ").count == 3, "three entries: \(mbox)")
        #expect(mbox.contains("Subject: C\n\n>From the top\n\n"))
        // A folder gets a new .eml after the subject, numbered when taken.
        #expect(try MessageSaver.save([message("One")], to: base) == .eml(path: base + "/One.eml"))
        #expect(try MessageSaver.save([message("One")], to: base) == .eml(path: base + "/One-1.eml"))
        // Several messages never go into one .eml.
        #expect(throws: MessageSaver.Failure.self) { try MessageSaver.save([message("A"), message("B")], to: base + "/two.eml") }
        #expect(!FileManager.default.fileExists(atPath: base + "/two.eml"))
        // A file that is something else is refused, whatever its name.
        try "notes\n".write(toFile: base + "/notes.mbox", atomically: true, encoding: .utf8)
        do {
            _ = try MessageSaver.save([message("X")], to: base + "/notes.mbox")
            Issue.record("appended to a file that is not an mbox")
        } catch let failure as MessageSaver.Failure {
            #expect(failure.description.contains("is not an mbox file; nothing was overwritten"))
        }
        #expect(try String(contentsOfFile: base + "/notes.mbox", encoding: .utf8) == "notes\n")
        // An mbox written by another program without its final empty line still reads right.
        try "From x@y Thu Jan  1 00:00:00 1970\nSubject: old\n\nbody".write(toFile: base + "/other", atomically: true, encoding: .utf8)
        _ = try MessageSaver.save([message("New")], to: base + "/other")
        #expect(try String(contentsOfFile: base + "/other", encoding: .utf8).contains("\nbody\n\nFrom ann@example.test "))
        let mode = try FileManager.default.attributesOfItem(atPath: base + "/saved")[.posixPermissions] as? Int
        #expect(mode == 0o600, "saved mail is private")
    }
}
