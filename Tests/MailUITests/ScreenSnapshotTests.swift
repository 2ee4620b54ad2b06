import Foundation
import MailUI
import Terminal
import Testing

/// Each screen at 80, 120 and 40 columns against text snapshots in `__Snapshots__`
/// (re-record with MERLE_RECORD_SNAPSHOTS=1).
@Suite struct ScreenSnapshotTests {
    static let widths = [80, 120, 40]

    @Test(arguments: widths)
    func sidebarAndIndex(columns: Int) throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: columns)
        app.draw()
        Snapshot.check(screen, named: "index-\(columns)")
    }

    @Test(arguments: widths)
    func indexAfterMoving(columns: Int) throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: columns)
        app.press(.character("j"), .character("j"), .character("j"), .pageDown)
        app.draw()
        Snapshot.check(screen, named: "index-moved-\(columns)")
    }

    @Test(arguments: widths)
    func pager(columns: Int) throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: columns)
        app.press(.character("j"), .character("j"), .enter)
        #expect(app.mode == .pager)
        app.draw()
        Snapshot.check(screen, named: "pager-\(columns)")
    }

    @Test(arguments: widths)
    func threads(columns: Int) throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: columns)
        app.press(.character("V"))
        app.draw()
        Snapshot.check(screen, named: "threads-\(columns)")
    }

    @Test(arguments: widths)
    func composeChoiceAndCommandLine(columns: Int) throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: columns)
        app.onEdit = { path in
            try "To: Ada <ada@example.test>\nSubject: Plans\n\nSee you.\n".write(toFile: path, atomically: true, encoding: .utf8)
        }
        app.press(.character("m"), .enter, .enter)
        app.draw()
        Snapshot.check(screen, named: "compose-choice-\(columns)")
        app.press(.character("q"), .character("y"), .character(":"))
        app.type("move Arch")
        app.draw()
        Snapshot.check(screen, named: "command-line-\(columns)")
    }

    @Test(arguments: widths)
    func help(columns: Int) throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: columns)
        app.press(.character("?"))
        #expect(app.mode == .help)
        app.draw()
        Snapshot.check(screen, named: "help-\(columns)")
    }

    @Test(arguments: widths)
    func folderListFocused(columns: Int) throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: columns)
        app.press(.tab, .character("j"), .character("j"))
        app.draw()
        Snapshot.check(screen, named: "sidebar-\(columns)")
    }

    @Test(arguments: widths)
    func searchResults(columns: Int) throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: columns)
        app.press(.character("/"))
        app.type("subject:migration")
        app.draw()
        Snapshot.check(screen, named: "search-prompt-\(columns)")
        app.press(.enter)
        app.draw()
        Snapshot.check(screen, named: "search-results-\(columns)")
    }
}
