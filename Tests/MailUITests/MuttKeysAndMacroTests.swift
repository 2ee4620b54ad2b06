import Foundation
import MailStore
@testable import MailUI
import MerleConfig
import SyncEngine
import Terminal
import Testing

private func c(_ character: Character) -> Key { .character(character) }

/// `keys = "mutt"`, macros, limit, tag-pattern and all headers.
@Suite struct MuttKeysAndMacroTests {
    @Test func theMuttSetBindsNeoMuttsKeysAndLosesNoAction() {
        let mutt = Keymap.defaults(.mutt)
        let expected: [(Key, UIAction)] = [(c("g"), .replyAll), (c("L"), .listReply), (c("l"), .limit), (c("h"), .allHeaders),
                                           (c("v"), .attachments), (c("o"), .cycleSort), (c("O"), .toggleSort), (c("|"), .pipe),
                                           (c("b"), .bounce), (c("="), .first), (.ctrl("o"), .toggleOffline), (c("T"), .tagPattern)]
        for (key, action) in expected { #expect(mutt.action(for: key, in: .index) == action, "index \(key)") }
        for (key, action) in [(c("g"), UIAction.replyAll), (c("h"), .allHeaders), (c("v"), .attachments), (c("|"), .pipe), (c("b"), .bounce),
                              (c("^"), .first), (c("q"), .back), (c("L"), .listReply)] {
            #expect(mutt.action(for: key, in: .pager) == action, "pager \(key)")
        }
        #expect(Keymap.standard.action(for: c("g"), in: .index) == .first, "Merle's own set is unchanged")
        #expect(Keymap.standard.action(for: c("l"), in: .index) == .open)
        #expect(Keymap.standard.action(for: c("H"), in: .pager) == .allHeaders)
        // Every action Merle's set reaches, the mutt set reaches too (viewing a part from
        // the pager is v, then Enter in the list of parts, as in NeoMutt).
        for context in KeyContext.allCases {
            let merle = Set(Keymap.standard.keysByAction(in: context).map(\.0))
            let muttActions = Set(mutt.keysByAction(in: context).map(\.0)).union(context == .pager ? [.openAttachment] : [])
            #expect(merle.subtracting(muttActions).isEmpty, "\(context): \(merle.subtracting(muttActions))")
        }
        #expect(mutt.action(for: .enter, in: .attachments) == .openAttachment)
        #expect(mutt.keySet == .mutt)
    }

    @Test func theHelpScreenShowsTheActiveSetAndMacros() throws {
        let fixture = try DemoFixture(messages: 5)
        let screen = TextGridScreen(rows: 200, columns: 120)
        var configuration = MerleConfiguration(accounts: [], keys: ["index": ["M-a": "tag-pattern is:unread; move-to Archive"]])
        configuration.general.keySet = .mutt
        let app = try MailApp(store: fixture.store, screen: screen, keymap: try Keymap.configured(configuration))
        app.press(c("?"))
        app.draw()
        let text = screen.render()
        #expect(text.contains("Keys: mutt (NeoMutt's where they differ from Merle's)"))
        #expect(text.contains("Alt-a") && text.contains("macro: tag-pattern is:unread; move-to Archive"))
        #expect(text.contains("  g R ") || text.contains("  R g "), "group reply on g: \(text)")
    }

    @Test func macrosAreCheckedWhenTheConfigIsRead() {
        for (value, words) in [("tag-pattern is:unread; move-too Archive", "\"move-too\" is not an action"),
                               ("toggle-read now; delete", "toggle-read asks for no text"),
                               ("bounce a@b.test; key Hyper-y", "`key` needs a key name"),
                               ("compose a@b.test; type", "`type` needs the text")] {
            do {
                _ = try Keymap.standard.applying(["index": ["M-a": value]])
                Issue.record("accepted \(value)")
            } catch let error as KeymapError {
                #expect(error.description.contains(words), "\(error)")
                #expect(error.description.contains("[keys.index] \"M-a\""))
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func aMacroTagsByPatternAndMovesThemAndStopsAtAFailingStep() throws {
        let fixture = try DemoFixture(messages: 30)
        let keymap = try Keymap.standard.applying(["index": [
            "M-a": "tag-pattern is:unread; move-to Archive",
            "M-x": "toggle-read; move-to Nowhere; key y; delete",
        ]])
        let screen = TextGridScreen(rows: 24, columns: 100)
        let app = try MailApp(store: fixture.store, screen: screen, keymap: keymap)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        let folder = try #require(app.currentFolder)
        let unread = try fixture.store.messageIds(MessageQuery(folderId: folder.folderId, unreadOnly: true)).sorted()
        #expect(!unread.isEmpty)
        app.press(.alt("a"))
        #expect(sent.last == .move(ids: unread, folder: "Archive"), "\(sent)")
        #expect(app.tagged.isEmpty, "the move took the tags")

        sent = []
        app.press(.alt("x"))
        #expect(sent.count == 2, "toggle-read and the move ran; the rest did not: \(sent)")
        #expect(app.lastError?.contains("step 3 of the macro: y is not bound here") == true, "\(app.lastError ?? "")")
    }

    @Test func limitTagPatternAndAllHeaders() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, screen) = try fixture.app(columns: 120)
        app.sendCommand = { _ in }
        let total = app.index.total
        // Merle's T tags by a search.
        app.press(c("T"))
        app.type("is:unread")
        app.press(.enter)
        let flagged = try fixture.store.messageIds(MessageQuery(folderId: app.currentFolder!.folderId, unreadOnly: true))
        #expect(!flagged.isEmpty)
        #expect(app.tagged == Set(flagged))
        #expect(app.info?.hasPrefix("Tagged \(flagged.count) message") == true, "\(app.info ?? "")")
        app.press(.ctrl("t"))
        #expect(app.tagged.isEmpty)

        // The limit action (bound here for the test) narrows the index; all shows everything.
        let muttApp = try MailApp(store: fixture.store, screen: screen, keymap: .mutt)
        muttApp.sendCommand = { _ in }
        muttApp.press(c("l"))
        muttApp.type("is:unread")
        muttApp.press(.enter)
        #expect(muttApp.index.total == flagged.count)
        muttApp.press(c("l"), .ctrl("u"))
        muttApp.type("all")
        muttApp.press(.enter)
        #expect(muttApp.index.total == total && muttApp.search == nil)

        // h (mutt) shows every header field in the pager, and again the usual ones.
        muttApp.press(.enter)
        #expect(muttApp.pager?.lines.contains { $0.text.hasPrefix("Message-ID: <demo.") } == false)
        muttApp.press(c("h"))
        #expect(muttApp.pager?.lines.contains { $0.text.hasPrefix("Message-ID: <demo.") } == true)
        #expect(muttApp.pager?.lines.contains { $0.text.hasPrefix("MIME-Version: 1.0") } == true)
        muttApp.press(c("h"))
        #expect(muttApp.pager?.lines.contains { $0.text.hasPrefix("MIME-Version:") } == false)
        #expect(muttApp.mode == .pager, "h no longer leaves the pager under the mutt keys")
    }
}
