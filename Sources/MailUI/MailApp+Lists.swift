import Foundation
import MailMessage
import MailStore
import SyncEngine

/// Leaving a mailing list (`U`): List-Unsubscribe's one-click POST or its `mailto:`,
/// each only after a yes (the message waits the account's `send_delay`, as any other),
/// or the web page it names, shown to be copied.
extension MailApp {
    func askToUnsubscribe(from message: MessageRecord) throws {
        guard let id = message.id else { return }
        let composer = try composer(for: message)
        let method: UnsubscribeMethod
        let listName: String
        do {
            method = try composer.unsubscribeMethod(for: id)
            let raw = try store.rawMessage(id: id).map { [UInt8]($0) } ?? []
            listName = ListHeaders(MessageParser.parse(raw)).shortID.map { "the list \($0)" } ?? "the list"
        } catch ComposeError.bodyNotDownloaded {
            sendCommand(.fetchBody(messageId: id))
            throw ComposeFailure("the message is still on the server; it is being downloaded, try again in a moment")
        }
        switch method {
        case let .oneClick(uri):
            let host = OneClickUnsubscribe.Target(uri)?.host ?? uri
            confirm("Unsubscribe from \(listName) with a one-click request to \(host)?", declined: { app in app.info = "Still subscribed." }) { app in
                app.sendCommand(.unsubscribeOneClick(uri: uri))
                app.info = "Unsubscribing…"
            }
        case let .mail(mailto):
            let to = mailto.to.map(\.mailbox).joined(separator: ", ")
            if let reason = composer.sender.cannotSend { throw ComposeFailure(reason + "; the unsubscription is a message to \(to)") }
            confirm("Unsubscribe from \(listName) by a message to \(to)?", declined: { app in app.info = "Still subscribed." }) { app in
                let built = try composer.unsubscribeMessage(for: id, mail: mailto)
                app.queue(built, from: composer.sender, inReplyTo: nil, what: "the unsubscription to \(to)")
            }
        case let .web(uri):
            push(TextScreen(title: "Unsubscribe from \(listName)",
                            text: "This list is left on a web page; open this address in a browser:\n\n\(uri)\n"))
        }
    }

    /// A composer for the account a message belongs to (else the open folder's).
    func composer(for message: MessageRecord) throws -> Composer {
        let account = folderList.folders.first { $0.folderId == message.folderId }?.account ?? currentFolder?.account
        guard let account else { throw ComposeFailure("the message's account is unknown; open its folder first") }
        var composer = Composer(store: store, sender: try Composer.sender(account: account, configured: accounts, store: store))
        composer.quoteStyle = quoteStyle
        return composer
    }
}
