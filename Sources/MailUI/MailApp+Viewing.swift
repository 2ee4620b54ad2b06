import Foundation
import MailMessage
import MailStore
import MerleConfig

/// Reading with the user's programs: HTML through `html_viewer`, a part through the
/// first matching mailcap entry (its output in the pager for `copiousoutput`, else with
/// the terminal handed over), `xdg-open` when no entry matches; and all header fields.
extension MailApp {
    /// The renderer for a message in `folderId`: its account's `html_viewer`, else the
    /// general one, and the header choice.
    func renderer(forFolder folderId: Int64) -> MessageRenderer {
        let account = folderList.folders.first { $0.folderId == folderId }?.account
        let viewer = accounts.first { $0.name == account }?.htmlViewer ?? htmlViewer
        return MessageRenderer(htmlConverter: viewer.converter(mailcap: mailcap), showsAllHeaders: showsAllHeaders,
                               timeZone: formatter.timeZone, cryptography: cryptography)
    }

    /// `H` (`h` under the mutt keys): every header field, or the usual ones again.
    func toggleAllHeaders() throws {
        showsAllHeaders.toggle()
        if let pager = pagerScreen {
            let id = pager.content.messageId
            let folderId = try store.message(id: id).folderId
            var content = try PagerContent(messageId: id, store: store, renderer: renderer(forFolder: folderId))
            content.layout(width: screen.size.columns)
            pager.content = content
            pager.top = 0
        }
        info = showsAllHeaders ? "All header fields." : "The usual header fields."
    }

    /// Shows a part with the user's programs: the first mailcap entry for its type whose
    /// test passes, else the desktop's handler.
    func view(_ part: MessagePart) throws {
        if let view = try MailcapView.first(in: mailcap, for: part.mediaType, data: part.data, name: part.name, parameters: part.parameters) {
            defer { view.remove() }
            if view.entry.copiousOutput {
                let (text, status) = try view.output()
                let note = status == 0 ? "" : " (exit status \(status))"
                push(TextScreen(title: "Part \(part.number), \(part.mediaType), through \(view.entry.command)\(note)", text: text))
                return
            }
            guard let onRunShell else {
                info = "Nothing here can run a viewer; save the part with w."
                return
            }
            let status = try onRunShell(view.command.line)
            if status != 0 { info = DisplaySanitizer.sanitizeLine("The viewer (\(view.entry.command)) ended with exit status \(status).") }
            return
        }
        guard let onOpenFile else {
            info = "No mailcap entry for \(DisplaySanitizer.sanitizeLine(part.mediaType)) and nothing here can open files; save it with w."
            return
        }
        // Saved where only the user can read it, for the desktop's program to open.
        let folder = try MailcapCommand.privateFolder()
        let path = try AttachmentSaver.save(part.data, to: folder + "/", suggestedName: part.name)
        try onOpenFile(path)
    }
}
