import Foundation
import MailStore
@testable import MailUI
import SyncEngine
import Terminal
import Testing

/// The `:` command line and folder-name completion.
@Suite struct CommandLineTests {
    @Test func commandsCompleteAndRun() throws {
        let fixture = try DemoFixture(messages: 30)
        let (app, screen) = try fixture.app(columns: 100)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        let selected = try #require(try app.record(at: 0, store: fixture.store)?.id)

        app.press(.character(":"))
        app.type("mo")
        app.press(.tab)
        #expect(app.prompt?.text == "move")
        app.type(" Lists/sw")
        app.press(.tab)
        #expect(app.prompt?.text == "move Lists/swift-dev")
        app.press(.enter)
        #expect(sent.last == .move(ids: [selected], folder: "Lists/swift-dev"))

        app.press(.character(":"))
        app.type("folder Trash")
        app.press(.enter)
        #expect(app.currentFolder?.name == "Trash")

        app.press(.character(":"))
        app.type("create-folder Projects")
        app.press(.enter)
        #expect(sent.last == .createFolder(account: "demo", name: "Projects"))
        app.press(.character(":"))
        app.type("rename-folder Projects Work")
        app.press(.enter)
        #expect(sent.last == .renameFolder(account: "demo", from: "Projects", to: "Work"))

        app.press(.character(":"))
        app.type("frobnicate")
        app.press(.enter)
        app.draw()
        #expect(screen.render().contains("frobnicate is not a command"))
    }

    @Test func folderReachesEveryAccountAndTabCompletesAcrossThem() throws {
        let fixture = try DemoFixture(messages: 20)
        let work = try fixture.store.ensureAccount(name: "work", kind: .local, email: "me@work.test")
        _ = try fixture.store.ensureFolder(accountId: work.id!, name: "INBOX")
        _ = try fixture.store.ensureFolder(accountId: work.id!, name: "Projects")
        let (app, _) = try fixture.app(columns: 100)
        #expect(app.currentFolder?.account == "demo")

        app.press(.character(":"))
        app.type("folder wo")
        app.press(.tab)
        #expect(app.prompt?.text.hasPrefix("folder work/") == true, "other accounts' folders complete as ACCOUNT/NAME")
        app.press(.ctrl("u"))
        app.type("folder work/INBOX")
        app.press(.enter)
        #expect(app.currentFolder?.account == "work" && app.currentFolder?.name == "INBOX")

        // A plain name is the open account's folder first, else the only one of that name.
        app.press(.character(":"))
        app.type("folder Projects")
        app.press(.enter)
        #expect(app.currentFolder?.name == "Projects")
        app.press(.character(":"))
        app.type("folder demo/Trash")
        app.press(.enter)
        #expect(app.currentFolder?.account == "demo" && app.currentFolder?.name == "Trash")
        app.press(.character(":"))
        app.type("folder INBOX")
        app.press(.enter)
        #expect(app.currentFolder?.account == "demo", "INBOX of the open account")
    }

    @Test func theEngineIsToldWhichFolderIsOpenOncePerChange() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, _) = try fixture.app(columns: 100)
        let first = try #require(app.currentFolder)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        app.announceOpenFolder()
        #expect(sent == [.folderOpened(account: first.account, folder: first.name)], "a new receiver hears of the open folder")
        app.announceOpenFolder()
        app.press(.character("/"))
        app.type("zzz-nothing")
        app.press(.enter, .escape)
        let opened = sent.filter { if case .folderOpened = $0 { return true } else { return false } }
        #expect(opened.count == 1, "reopening the same folder (leaving a search) says nothing new: \(sent)")
        app.press(.character(":"))
        app.type("folder Trash")
        app.press(.enter)
        #expect(sent.last == .folderOpened(account: "demo", folder: "Trash"))
    }

    @Test func theMovePromptCompletesFolderNames() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, _) = try fixture.app(columns: 100)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        app.press(.character("s"))
        app.type("ar")
        app.press(.tab)
        #expect(app.prompt?.text == "Archive")
        app.press(.enter)
        guard case let .move(_, folder)? = sent.last else {
            Issue.record("no move sent")
            return
        }
        #expect(folder == "Archive")
    }
}
