/// A RETURN option of LIST (RFC 5258 LIST-EXTENDED, RFC 6154, RFC 5819 LIST-STATUS).
public enum ListReturnOption: Sendable, Hashable {
    case subscribed
    case children
    case specialUse
    case status([StatusAttribute])
}
