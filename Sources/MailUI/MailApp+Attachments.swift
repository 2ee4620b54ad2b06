import Foundation
import MailMessage

/// Saving and opening attachments from the pager. Writing the user's own files is not
/// writing the store: it happens here, on the UI thread, in a moment.
extension MailApp {
    /// `w` / `v`: asks which attachment when there are several.
    func askForAttachment(open: Bool) {
        let count = pager?.rendered?.attachments.count ?? 0
        guard count > 0 else {
            info = "This message has no attachments."
            return
        }
        if count == 1 {
            chooseAttachment(1, open: open)
        } else {
            prompt = LineEditor(prompt: "\(open ? "Open" : "Save") attachment (1-\(count)): ", text: "")
            promptPurpose = .attachmentNumber(open: open)
        }
    }

    func chooseAttachment(_ number: Int, open: Bool) {
        guard let attachment = pager?.attachment(number) else {
            info = "There is no attachment \(number)."
            return
        }
        if open {
            openAttachment(attachment)
        } else {
            prompt = LineEditor(prompt: "Save to: ", text: AttachmentSaver.defaultDirectory + "/" + attachment.name)
            promptPurpose = .savePath(number)
        }
    }

    func saveAttachment(_ number: Int, to path: String) {
        guard !path.isEmpty, let attachment = pager?.attachment(number) else { return }
        do {
            let written = try AttachmentSaver.save(attachment.data, to: path, suggestedName: attachment.name)
            info = DisplaySanitizer.sanitizeLine("Saved \(written).")
        } catch {
            report(error)
        }
    }

    /// Saves into a private temporary folder and hands the file to the desktop.
    private func openAttachment(_ attachment: (data: [UInt8], name: String)) {
        guard let onOpenFile else {
            info = "Nothing here can open files; save it with w."
            return
        }
        do {
            let folder = NSTemporaryDirectory() + "merle-open-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let path = try AttachmentSaver.save(attachment.data, to: folder + "/", suggestedName: attachment.name)
            try onOpenFile(path)
        } catch {
            report(error)
        }
    }
}
