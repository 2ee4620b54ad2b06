/// How to leave the list a message came from, chosen from its List-Unsubscribe
/// (RFC 2369) and List-Unsubscribe-Post (RFC 8058) fields.
public enum UnsubscribeMethod: Sendable, Equatable {
    /// An RFC 8058 one-click `https:` URI: a POST of `List-Unsubscribe=One-Click` does it.
    case oneClick(String)
    /// A `mailto:` URI: a message to the list's robot does it.
    case mail(MailtoURL)
    /// Any other URI (a web page to visit): shown for the user to open.
    case web(String)

    /// The best way the header offers: one-click when the list says it takes it and gives
    /// an `https:` URI, else mail, else the first other URI; nil when there is none.
    public init?(_ list: ListHeaders) {
        let uris = list.unsubscribe
        if list.oneClick, let https = uris.first(where: { $0.lowercased().hasPrefix("https://") }) {
            self = .oneClick(https)
        } else if let mail = uris.lazy.compactMap(MailtoURL.init).first {
            self = .mail(mail)
        } else if let other = uris.first(where: { !$0.lowercased().hasPrefix("mailto:") }) {
            self = .web(other)
        } else {
            return nil
        }
    }
}
