/// Why a message could not be built. The description names the field so the user
/// can fix it; header injection (CR, LF or NUL in a value) is always refused.
public enum MessageBuildError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A header value (subject, name, any header) contained CR, LF or NUL.
    case lineBreakInHeader(field: String)
    /// An address was empty or contained characters no address may hold.
    case invalidAddress(field: String, address: String)
    /// A header name was empty or not printable ASCII without ":".
    case invalidHeaderName(String)
    /// A message id (In-Reply-To, References) that is empty, too long or malformed.
    case invalidMessageID(field: String)
    /// No To, Cc or Bcc recipient.
    case noRecipients
    /// A bounce of a message with no bytes.
    case emptyOriginal

    public var description: String {
        switch self {
        case .lineBreakInHeader(let field):
            "The \(field) field contains a line break or NUL character; remove it and try again."
        case .invalidAddress(let field, let address):
            "The \(field) field has an invalid address \"\(DisplaySanitizer.sanitizeLine(address))\"."
        case .invalidHeaderName(let name):
            "\"\(DisplaySanitizer.sanitizeLine(name))\" is not a valid header name."
        case .invalidMessageID(let field):
            "The \(field) field has an empty, malformed or over-long message id."
        case .noRecipients:
            "The message has no recipients; add a To, Cc or Bcc address."
        case .emptyOriginal:
            "The message to bounce is empty; there is nothing to resend."
        }
    }
}
