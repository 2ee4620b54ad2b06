/// One contact card (vCard 2.1, 3.0 or 4.0) as far as a mail reader needs it: who it
/// is and the addresses to write to.
public struct VCard: Sendable, Equatable {
    /// FN; else the given, additional and family names of N; else the organisation; may be empty.
    public var name: String
    /// Every EMAIL, in the card's order, preferred ones (`PREF=1`, `TYPE=pref`) first.
    public var emails: [String]

    public init(name: String, emails: [String]) {
        self.name = name
        self.emails = emails
    }

    /// Each address with the card's name.
    public var addresses: [Address] {
        emails.map { Address(name: name.isEmpty ? nil : name, mailbox: $0) }
    }
}
