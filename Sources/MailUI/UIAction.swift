/// Everything a key can do. The keymap maps keys to actions per context; the help
/// screen lists them with these descriptions.
public enum UIAction: String, Sendable, CaseIterable {
    case moveDown, moveUp, pageDown, pageUp, halfPageDown, halfPageUp, first, last
    case open, back, quit, help, search, clearSearch
    case focusSidebar, focusIndex, toggleSidebar, openFolder
    case nextMessage, previousMessage
    case toggleSort, cycleSort
    case redraw, suspend
    case toggleRead, toggleFlag, delete, archive, moveTo, copyTo, syncNow, toggleOffline
    case compose, reply, replyAll, listReply, forward, editDraft, bounce, unsubscribe
    case saveAttachment, openAttachment, attachments, pipe, saveMessage, allHeaders
    case limit, tagPattern
    case toggleTag, untagAll, undo
    case toggleThreads, toggleThread
    case commandLine
    case send, sendLater, saveDraft, editMessage, attachFile, detachFile, editField, discard, toggleSign, toggleEncrypt, toggleCryptoFormat
    case acceptInvitation, tentativeInvitation, declineInvitation
    case conversation, toggleQuote

    public var summary: String {
        switch self {
        case .moveDown: return "next line / message"
        case .moveUp: return "previous line / message"
        case .pageDown: return "next page"
        case .pageUp: return "previous page"
        case .halfPageDown: return "half a page down"
        case .halfPageUp: return "half a page up"
        case .first: return "first / top"
        case .last: return "last / bottom"
        case .open: return "open the message"
        case .back: return "back to the index"
        case .quit: return "quit Merle (back, in the pager and help)"
        case .help: return "this help"
        case .search: return "search (from: to: cc: subject: body: is:unread is:flagged has:attachment before: after:)"
        case .clearSearch: return "leave the search results"
        case .focusSidebar: return "go to the folder list"
        case .focusIndex: return "back to the message index"
        case .toggleSidebar: return "show or hide the folder list"
        case .openFolder: return "open the folder"
        case .nextMessage: return "next message"
        case .previousMessage: return "previous message"
        case .toggleSort: return "reverse the order (newest / oldest first)"
        case .cycleSort: return "sort by date, sender, subject or size in turn"
        case .redraw: return "redraw the screen"
        case .suspend: return "suspend (fg to come back)"
        case .toggleRead: return "mark read / unread"
        case .toggleFlag: return "flag / unflag"
        case .delete: return "delete (to Trash; for good in Trash)"
        case .archive: return "archive"
        case .moveTo: return "move to a folder"
        case .copyTo: return "copy to a folder"
        case .syncNow: return "sync now"
        case .toggleOffline: return "work offline / go back online"
        case .compose: return "write a new message ($EDITOR)"
        case .reply: return "reply"
        case .replyAll: return "reply to all (every address of yours left out)"
        case .listReply: return "reply to the mailing list (its List-Post address)"
        case .bounce: return "bounce: resend the message unchanged to other addresses (Resent-* headers)"
        case .unsubscribe: return "unsubscribe from the mailing list (List-Unsubscribe; asks first)"
        case .forward: return "forward"
        case .editDraft: return "edit and send a saved draft"
        case .saveAttachment: return "save an attachment"
        case .openAttachment: return "view an attachment (your mailcap, else xdg-open)"
        case .attachments: return "the message's parts: view, save or pipe one"
        case .pipe: return "pipe the message (raw), or the selected part (decoded), to a shell command; its output is shown"
        case .saveMessage: return "save the message to an .eml file, or append it to an mbox file"
        case .allHeaders: return "all header fields / the usual ones"
        case .limit: return "show only the messages matching a search (all: every message again)"
        case .tagPattern: return "tag the messages matching a search"
        case .toggleTag: return "tag / untag; with tags, actions apply to every tagged message"
        case .untagAll: return "untag every message"
        case .undo: return "undo the last flag, move, delete or archive; while a message sent counts down, take it back"
        case .toggleThreads: return "threads on / off"
        case .toggleThread: return "collapse / expand the thread"
        case .commandLine: return "command line: sync, folder, move, create-folder, save-search … (Tab completes)"
        case .send: return "send the message (queued in the outbox; offline too); u takes it back during send_delay"
        case .sendLater: return "send later: asks for the time (2026-12-24 09:00, or 09:00); it waits in the outbox until then"
        case .saveDraft: return "save it in Drafts"
        case .editMessage: return "edit the message again in the editor"
        case .attachFile: return "attach a file (Tab completes the path)"
        case .detachFile: return "remove the selected attachment"
        case .editField: return "change the selected field (To, Cc, Bcc, Subject …)"
        case .discard: return "discard the message (asks first)"
        case .toggleSign: return "sign the message or not (shown as Security: before sending)"
        case .toggleEncrypt: return "encrypt the message or not; encrypted, it is not queued if a recipient has no key"
        case .toggleCryptoFormat: return "sign and encrypt as PGP/MIME (GnuPG) or as S/MIME (certificates)"
        case .acceptInvitation: return "accept the invitation: an iTIP REPLY to the organizer, through the outbox (asks first)"
        case .tentativeInvitation: return "answer the invitation tentatively (asks first)"
        case .declineInvitation: return "decline the invitation (asks first)"
        case .conversation: return "the whole conversation: the thread's messages in every folder (Sent too), oldest first"
        case .toggleQuote: return "show the first folded quote on the screen (else a line down)"
        }
    }
}
