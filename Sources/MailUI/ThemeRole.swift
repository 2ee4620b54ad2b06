/// The named things a theme styles. Views ask for a role, never for a colour, so a theme
/// file restyles the whole UI (STYLE.md: themes are named roles, not colours per widget).
public enum ThemeRole: String, CaseIterable, Sendable {
    case normal
    case title = "title"
    case sidebar = "sidebar"
    case sidebarAccount = "sidebar.account"
    case sidebarFolder = "sidebar.folder"
    case sidebarUnread = "sidebar.unread"
    case sidebarSelected = "sidebar.selected"
    case separator = "separator"
    case index = "index"
    case indexUnread = "index.unread"
    case indexFlagged = "index.flagged"
    case indexSelected = "index.selected"
    case pagerHeader = "pager.header"
    case pagerBody = "pager.body"
    case pagerQuote = "pager.quote"
    case pagerAttachment = "pager.attachment"
    case pagerLink = "pager.link"
    case pagerNote = "pager.note"
    /// Merle's own lines about signatures and encryption: the status block and the
    /// borders. Message text is never drawn in it (SecurityMarker).
    case pagerSecurity = "pager.security"
    /// The same, when something is wrong: a bad or unchecked signature, a signer who is
    /// not the From address, a part that could not be decrypted, a partly signed message.
    case pagerSecurityWarning = "pager.security.warning"
    /// The status of a message with nothing signed or encrypted: Merle's line, but not
    /// in the colour of a good signature.
    case pagerSecurityPlain = "pager.security.plain"
    case status = "status"
    case statusError = "status.error"
    case message = "message"
    case prompt = "prompt"
    case helpKey = "help.key"
    case helpText = "help.text"
    case helpHeading = "help.heading"
}
