/// An address-list field's value: mailboxes and groups in order (RFC 5322 section 3.4).
public struct AddressList: Sendable, Hashable {
    /// One entry: a mailbox or a named group of mailboxes.
    public enum Item: Sendable, Hashable {
        case mailbox(Address)
        case group(name: String, members: [Address])
    }

    public var items: [Item]

    public init(items: [Item] = []) {
        self.items = items
    }

    public init(_ addresses: [Address]) {
        self.items = addresses.map { .mailbox($0) }
    }

    /// Every mailbox, group members included, in order. An entry that is only a comment
    /// (`(no To-header on input)`) has no mailbox and is no address: it is left out.
    public var addresses: [Address] {
        items.flatMap { item -> [Address] in
            switch item {
            case .mailbox(let address): [address]
            case .group(_, let members): members
            }
        }.filter { !$0.mailbox.isEmpty }
    }

    public var isEmpty: Bool { items.isEmpty }

    /// For reading: comma-separated, groups as `Name: a, b;`. Not sanitised.
    public var displayString: String {
        items.map { item in
            switch item {
            case .mailbox(let address): address.displayString
            case .group(let name, let members): "\(name): " + members.map(\.displayString).joined(separator: ", ") + ";"
            }
        }.joined(separator: ", ")
    }

    /// For an outgoing header; the builder folds the result.
    public var headerString: String {
        items.map { item in
            switch item {
            case .mailbox(let address): address.headerString
            case .group(let name, let members): Address.encodePhrase(name) + ": " + members.map(\.headerString).joined(separator: ", ") + ";"
            }
        }.joined(separator: ", ")
    }
}
