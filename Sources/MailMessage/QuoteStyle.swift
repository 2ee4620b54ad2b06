/// Where the text of a reply goes: below the quoted message (bottom-posting, as mail
/// readers do by default and mailing lists ask) or above it.
public enum QuoteStyle: String, Sendable, Equatable, CaseIterable {
    case bottom, top
}
