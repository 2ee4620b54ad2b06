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
        drawTitle()
        switch mode {
        case .index:
            if sidebarWidth > 0 { drawSidebar() }
            if sidebarWidth < size.columns { drawIndex() }
        case .pager: drawPager()
        case .help: drawHelp()
        }
        drawStatus()
        drawMessageLine()
        screen.refresh()
    }

    func drawTitle() {
        let hints: String
        switch mode {
        case .index where focus == .sidebar: hints = "q:Quit  Enter:Open folder  Tab:Messages  ?:Help"
        case .index: hints = "q:Quit  Enter:Open  /:Search  Tab:Folders  ?:Help"
        case .pager: hints = "q:Back  Space:Page  J:Next  K:Previous  ?:Help"
        case .help: hints = "q:Close help  j/k:Scroll"
        }
        screen.putPadded(" Merle  " + hints, row: 0, column: 0, width: screen.size.columns, style: theme.style(.title))
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
            case .folder(let folder):
                role = folder.unread > 0 ? .sidebarUnread : .sidebarFolder
                count = folder.unread > 0 ? String(folder.unread) : ""
            }
            if position == sidebar.selected && entry.isFolder {
                role = .sidebarSelected
                if focus != .sidebar { role = entry.folder?.folderId == currentFolder?.folderId ? .sidebarSelected : role }
            }
            let countWidth = DisplayWidth.width(of: count)
            let nameWidth = max(width - 1 - (countWidth > 0 ? countWidth + 1 : 0), 1)
            text = " " + DisplayWidth.fit(text, to: nameWidth) + (countWidth > 0 ? " " + count : "")
            screen.putPadded(text, row: screenRow, column: 0, width: width, style: theme.style(role))
        }
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
            if record.hasFlag("\\Flagged") {
                role = .indexFlagged
            } else if !record.hasFlag("\\Seen") {
                role = .indexUnread
            }
            if position == index.selected && focus == .index { role = .indexSelected }
            var prefix = ""
            if let thread = index.threadRow(at: position) {
                prefix = ThreadList.prefix(depth: thread.depth) + (thread.hidden > 0 ? "(+\(thread.hidden)) " : "")
            }
            var text = formatter.row(record, width: width, subjectPrefix: prefix)
            // A tag shows as "*" in the flag column's last place.
            if let id = record.id, tagged.contains(id), text.count >= 4 {
                text = String(text.prefix(3)) + "*" + text.dropFirst(4)
            }
            screen.put(text, row: row + 1, column: column, style: theme.style(role), maxWidth: width)
        }
    }

    func drawPager() {
        guard var content = pager else { return }
        content.layout(width: screen.size.columns)
        pager = content
        let height = bodyHeight
        pagerTop = max(0, min(pagerTop, content.lines.count - height))
        for row in 0..<height {
            let position = pagerTop + row
            guard position < content.lines.count else {
                screen.put("~", row: row + 1, column: 0, style: theme.style(.pagerNote))
                continue
            }
            let line = content.lines[position]
            screen.put(line.text, row: row + 1, column: 0, style: theme.style(line.role))
        }
    }

    /// The help screen's lines for the current width: every binding of every context,
    /// key names in a column and the summary wrapped beside them (below them when narrow).
    func helpLines() -> [PagerLine] {
        let width = max(screen.size.columns, 1)
        var lines: [PagerLine] = []
        func add(_ keys: String, _ summary: String) {
            if width >= 50 {
                let pieces = DisplayWidth.wrap(summary, to: width - 25)
                for (number, piece) in pieces.enumerated() {
                    let left = number == 0 ? "  " + DisplayWidth.fit(keys, to: 22) + " " : String(repeating: " ", count: 25)
                    lines.append(PagerLine(text: left + piece, role: .helpText))
                }
            } else {
                lines.append(PagerLine(text: "  " + keys, role: .helpKey))
                for piece in DisplayWidth.wrap(summary, to: max(width - 6, 1)) {
                    lines.append(PagerLine(text: "      " + piece, role: .helpText))
                }
            }
        }
        for context in KeyContext.allCases {
            if !lines.isEmpty { lines.append(PagerLine(text: "", role: .helpText)) }
            lines.append(PagerLine(text: context.title, role: .helpHeading))
            for (action, keys) in keymap.keysByAction(in: context) {
                add(keys.map(\.description).joined(separator: " "), action.summary)
            }
        }
        lines.append(PagerLine(text: "", role: .helpText))
        lines.append(PagerLine(text: "Everywhere", role: .helpHeading))
        for (key, action) in keymap.global where key != .resize {
            add(key.description, action.summary)
        }
        return lines
    }

    func drawHelp() {
        let lines = helpLines()
        let height = bodyHeight
        helpTop = max(0, min(helpTop, lines.count - height))
        for row in 0..<height {
            let position = helpTop + row
            guard position < lines.count else { break }
            let line = lines[position]
            if line.role == .helpText, screen.size.columns >= 50, line.text.count > 25 {
                // Key names in their own colour, the summary after them.
                let keys = String(line.text.prefix(25))
                let used = screen.put(keys, row: row + 1, column: 0, style: theme.style(.helpKey))
                screen.put(String(line.text.dropFirst(25)), row: row + 1, column: used, style: theme.style(.helpText))
            } else {
                screen.put(line.text, row: row + 1, column: 0, style: theme.style(line.role))
            }
        }
    }

    /// Account/folder and counts on the left, the position on the right.
    func statusText() -> (left: String, right: String) {
        let folderName = currentFolder.map { DisplaySanitizer.sanitizeLine("\($0.account)/\($0.name)") } ?? "no folder"
        var left = "-- " + folderName
        if let folder = currentFolder {
            left += "  [\(folder.total) messages, \(folder.unread) unread]"
        }
        if index.query.sort != .date || index.query.oldestFirst { left += "  " + index.sortDescription }
        if index.isThreaded { left += "  threads" }
        if let search {
            left += "  search: \(DisplaySanitizer.sanitizeLine(search.text)) (\(index.total) found)"
        }
        if let connectionText { left += "  " + connectionText }
        var right = ""
        switch mode {
        case .index:
            right = index.total == 0 ? "" : "\(index.selected + 1)/\(index.total) --"
        case .pager:
            let lines = pager?.lines.count ?? 0
            let height = bodyHeight
            let percent = lines <= height ? 100 : min(100, (pagerTop + height) * 100 / max(lines, 1))
            right = "message \(index.selected + 1)/\(index.total)  \(percent)% --"
        case .help:
            right = "help --"
        }
        return (left, right)
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
        if let prompt {
            let used = screen.put(prompt.prompt, row: row, column: 0, style: theme.style(.prompt))
            // Show the end of a long query, where the user is typing.
            let room = max(width - used - 1, 1)
            var text = prompt.text
            while DisplayWidth.width(of: text) > room { text.removeFirst() }
            let typed = screen.put(text, row: row, column: used, style: theme.style(.message))
            screen.setCursor((row, used + typed))
            return
        }
        screen.setCursor(nil)
        if let choice = composeChoiceText, lastError == nil {
            screen.putPadded(choice, row: row, column: 0, width: width, style: theme.style(.prompt))
        } else if let lastError {
            screen.putPadded("Error: " + lastError, row: row, column: 0, width: width, style: theme.style(.statusError))
        } else if let text = info ?? progress {
            screen.putPadded(text, row: row, column: 0, width: width, style: theme.style(.message))
        }
    }
}
