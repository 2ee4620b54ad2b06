import MailMessage
import MailStore
import Terminal

/// Drawing: the title bar, the main area (sidebar and index, pager or help), the status
/// line and the message line. Every frame is drawn whole from the state; curses sends
/// only what changed.
extension MailApp {
    public func draw() {
        screen.clear()
        let size = screen.size
        guard size.rows >= 3, size.columns >= 10 else {
            screen.put("Too small", row: 0, column: 0, style: theme.style(.statusError))
            screen.refresh()
            return
        }
        let main = mainScreen
        screen.putPadded(" Merle  " + main.titleHints(in: self), row: 0, column: 0, width: size.columns, style: theme.style(.title))
        main.draw(in: self)
        drawStatus()
        drawMessageLine()
        screen.refresh()
    }

    /// The index with the folder list beside it (when shown).
    func drawBrowser() {
        if sidebarWidth > 0 { drawSidebar() }
        if sidebarWidth < screen.size.columns { drawIndex() }
    }

    func drawSidebar() {
        let width = sidebarWidth
        let top = sidebarTop
        for row in 0..<bodyHeight {
            let position = top + row
            let screenRow = row + 1
            if width < screen.size.columns {
                screen.put("│", row: screenRow, column: width, style: theme.style(.separator))
            }
            guard position < sidebar.entries.count else { continue }
            let entry = sidebar.entries[position]
            var role: ThemeRole
            var text = String(repeating: " ", count: max(entry.depth - 1, 0) * 2) + entry.title
            var count = ""
            switch entry.kind {
            case .account:
                role = .sidebarAccount
            case .label:
                role = .sidebarFolder
            case .searchesHeading:
                role = .sidebarAccount
            case .search(let search):
                role = search.unread > 0 ? .sidebarUnread : .sidebarFolder
                count = !search.counted ? "…" : search.unread > 0 ? "\(search.unread)/\(search.total)" : String(search.total)
            case .folder(let folder):
                role = folder.unread > 0 ? .sidebarUnread : .sidebarFolder
                count = folder.unread > 0 ? String(folder.unread) : ""
            }
            if position == sidebar.selected && entry.isFolder {
                role = .sidebarSelected
                if focus != .sidebar {
                    let isOpen = entry.savedSearch.map { $0.name == openSavedSearchName }
                        ?? (openSavedSearchName == nil && entry.folder?.folderId == currentFolder?.folderId)
                    role = isOpen ? .sidebarSelected : role
                }
            }
            let countWidth = DisplayWidth.width(of: count)
            let nameWidth = max(width - 1 - (countWidth > 0 ? countWidth + 1 : 0), 1)
            text = " " + DisplayWidth.fit(text, to: nameWidth) + (countWidth > 0 ? " " + count : "")
            screen.putPadded(text, row: screenRow, column: 0, width: width, style: theme.style(role))
        }
    }

    /// Mail the user sent: in Sent or Drafts, or from one of the user's own addresses.
    func isOutgoing(_ record: MessageRecord) -> Bool {
        if let role = folderList.role(of: record.folderId), role == "sent" || role == "drafts" { return true }
        return ownAddresses.contains(record.fromAddress)
    }

    func drawIndex() {
        let column = indexColumn
        let width = indexWidth
        let height = bodyHeight
        index.scrollToSelection(height: height)
        guard index.total > 0 else {
            let text = search != nil ? "No messages match this search. Press Esc to leave it." : "No messages in this folder."
            screen.putPadded(" " + text, row: 1, column: column, width: width, style: theme.style(.index))
            return
        }
        for row in 0..<height {
            let position = index.top + row
            guard position < index.total else { break }
            let record: MessageRecord?
            do {
                record = try index.record(at: position, store: store)
            } catch {
                report(error)
                break
            }
            guard let record else { continue }
            var role: ThemeRole = .index
            if record.has(.flagged) {
                role = .indexFlagged
            } else if !record.has(.seen) {
                role = .indexUnread
            }
            if position == index.selected && focus == .index { role = .indexSelected }
            var prefix = ""
            if let thread = index.threadRow(at: position) {
                prefix = ThreadList.prefix(depth: thread.depth) + (thread.hidden > 0 ? "(+\(thread.hidden)) " : "")
            }
            var text = formatter.row(record, width: width, subjectPrefix: prefix, outgoing: isOutgoing(record))
            // A tag shows as "*" in the flag column's last place.
            let last = IndexRowFormatter.flagWidth - 1
            if let id = record.id, tagged.contains(id), text.count > last {
                text = String(text.prefix(last)) + "*" + text.dropFirst(last + 1)
            }
            screen.put(text, row: row + 1, column: column, style: theme.style(role), maxWidth: width)
        }
    }

    /// Account/folder and counts on the left, the position on the right.
    func statusText() -> (left: String, right: String) {
        let folderName = currentFolder.map { DisplaySanitizer.sanitizeLine("\($0.account)/\($0.name)") } ?? "no folder"
        var left = "-- " + folderName
        if let name = openSavedSearchName {
            // A saved search stands in for the folder: its name and what it finds.
            left = "-- search \(DisplaySanitizer.sanitizeLine(name))  [\(index.totalText) message\(index.total == 1 ? "" : "s"), every account]"
        } else if let folder = currentFolder {
            left += "  [\(folder.total) message\(folder.total == 1 ? "" : "s"), \(folder.unread) unread]"
        }
        if index.query.sort != .date || index.query.oldestFirst { left += "  " + index.sortDescription }
        if index.isThreaded { left += "  threads" }
        if let search, openSavedSearchName == nil {
            left += "  search: \(DisplaySanitizer.sanitizeLine(search.text)) (\(index.totalText) found)"
        }
        if let connection = connectionText() { left += "  " + connection }
        if let countdown = sendCountdownText() { left += "  " + countdown }
        return (left, mainScreen.position(in: self))
    }

    func drawStatus() {
        let row = screen.size.rows - 2
        let width = screen.size.columns
        let (left, right) = statusText()
        let rightWidth = DisplayWidth.width(of: right)
        let style = theme.style(.status)
        if rightWidth + 10 < width {
            screen.putPadded(left, row: row, column: 0, width: width - rightWidth - 1, style: style)
            screen.fill(row: row, column: width - rightWidth - 1, width: 1, style: style)
            screen.put(right, row: row, column: width - rightWidth, style: style)
        } else {
            screen.putPadded(left, row: row, column: 0, width: width, style: style)
        }
    }

    func drawMessageLine() {
        let row = screen.size.rows - 1
        let width = screen.size.columns
        if screens.last(where: { !$0.coversMainArea })?.drawMessageLine(in: self) == true { return }
        screen.setCursor(nil)
        if let lastError {
            screen.putPadded("Error: " + lastError, row: row, column: 0, width: width, style: theme.style(.statusError))
        } else if let text = info ?? progress {
            screen.putPadded(text, row: row, column: 0, width: width, style: theme.style(.message))
        }
    }
}
