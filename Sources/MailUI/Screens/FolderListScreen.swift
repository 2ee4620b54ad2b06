import MailStore
import Terminal

/// The folder list beside the index: accounts and their folders with unread counts.
/// It has the keys while it is on top of the index (Tab); the index draws it either way.
final class FolderListScreen: AppScreen {
    var sidebar: SidebarModel
    /// Hidden with B (narrow screens show it only while it has the keys).
    var hidden = false

    init(folders: [FolderSummary]) {
        sidebar = SidebarModel(folders: folders)
    }

    var kind: ScreenKind { .folderList }
    var keyContext: KeyContext? { .sidebar }

    func perform(_ action: UIAction, in app: MailApp) throws {
        switch action {
        case .quit: app.quit()
        case .moveDown: sidebar.move(by: 1)
        case .moveUp: sidebar.move(by: -1)
        case .first: sidebar.move(by: -sidebar.entries.count)
        case .last: sidebar.move(by: sidebar.entries.count)
        case .openFolder:
            if let folder = sidebar.selectedFolder {
                try app.openFolder(folder)
                app.pop(self)
            } else if let search = sidebar.selectedSearch {
                try app.openSavedSearch(search)
                app.pop(self)
            }
        case .focusIndex: app.pop(self)
        case .toggleSidebar:
            hidden.toggle()
            if hidden { app.pop(self) }
        default: break
        }
    }

    func draw(in app: MailApp) {
        app.drawBrowser()
    }

    func titleHints(in app: MailApp) -> String {
        "q:Quit  Enter:Open folder  Tab:Messages  ?:Help"
    }

    func position(in app: MailApp) -> String {
        app.indexScreen.position(in: app)
    }

    /// The special-use role of a listed folder (`sent`, `drafts` …), if it has one.
    func role(of folderId: Int64) -> String? {
        sidebar.entries.first { $0.folder?.folderId == folderId }?.folder?.role
    }

    /// The folders listed, in order.
    var folders: [FolderSummary] {
        sidebar.entries.compactMap(\.folder)
    }
}
