import Foundation
import GRDB
@testable import MailStore
@testable import MailUI
import SyncEngine
import Terminal
import Testing

/// Attachments from the pager, and a message opened before its body was downloaded.
@Suite struct AttachmentTests {
    @Test func aMessageReadFromTheStoreInPiecesRendersAsInMemory() throws {
        let fixture = try DemoFixture(messages: 40)
        let ids = try fixture.store.reader.read { db in try Int64.fetchAll(db, sql: "SELECT message_id FROM message_body ORDER BY message_id") }
        #expect(ids.count >= 40)
        for id in ids {
            let streamed = try PagerContent(messageId: id, store: fixture.store, streamingAbove: 0)
            let whole = try PagerContent(messageId: id, store: fixture.store, streamingAbove: .max)
            #expect(streamed.rendered == whole.rendered, "message \(id)")
        }
    }

    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "merle-attach-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func savingNeverOverwritesAndKeepsNamesInsideTheFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try AttachmentSaver.save(Array("one".utf8), to: folder + "/", suggestedName: "../../etc/passwd")
        #expect((first as NSString).deletingLastPathComponent == folder, "a hostile name stays inside the folder: \(first)")
        let second = try AttachmentSaver.save(Array("two".utf8), to: first, suggestedName: "ignored")
        #expect(second != first)
        #expect(try String(contentsOfFile: first, encoding: .utf8) == "one", "the first file is untouched")
        #expect(try String(contentsOfFile: second, encoding: .utf8) == "two")
        let mode = try FileManager.default.attributesOfItem(atPath: second)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: AttachmentSaver.SaveError.self) {
            try AttachmentSaver.save([1], to: "/proc/no-such-folder/x.bin", suggestedName: "x")
        }
    }

    @Test func theKeySavesTheListedAttachment() throws {
        let fixture = try DemoFixture(messages: 120)
        let (app, _) = try fixture.app(columns: 100)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The first message with an attachment.
        let position = try #require((0..<app.index.total).first { try app.record(at: $0, store: fixture.store)?.hasAttachment == true })
        app.index.select(position, height: 20)
        app.press(.enter)
        let pager = try #require(app.pager)
        // Listed under their part numbers, as `merle show --text` and `--part N` number them.
        let numbers = pager.attachmentNumbers
        let first = try #require(numbers.first)
        #expect(pager.lines.contains { $0.text.hasPrefix("  \(first). ") })
        app.press(.character("w"))
        if numbers.count > 1 {
            app.type(String(first))
            app.press(.enter)
        }
        #expect(app.prompt?.prompt == "Save to: ")
        app.press(.ctrl("u"))
        app.type(folder + "/")
        app.press(.enter)
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(saved.count == 1)
        let expected = try #require(pager.attachment(first))
        #expect(FileManager.default.contents(atPath: folder + "/" + saved[0]).map([UInt8].init) == expected.data)
        #expect(app.info?.hasPrefix("Saved ") == true)
    }

    @Test func aBodyNotYetDownloadedIsFetchedAndShown() throws {
        let fixture = try DemoFixture(messages: 5)
        let (app, _) = try fixture.app(columns: 100)
        let record = try #require(try app.record(at: 0, store: fixture.store))
        let raw = try #require(try fixture.store.rawMessage(id: record.id!))
        try fixture.store.database.write { db in
            try db.execute(sql: "DELETE FROM message_body WHERE message_id = ?", arguments: [record.id])
        }
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        app.press(.enter)
        #expect(sent == [.fetchBody(messageId: record.id!)])
        #expect(app.pager?.lines.first?.text.hasPrefix("Downloading the message") == true)
        // The engine stored it and said so.
        try fixture.store.storeBody(messageId: record.id!, raw: [UInt8](raw))
        app.handle(.folderChanged(folderId: record.folderId))
        #expect(app.pager?.rendered != nil)
    }
}
