import Foundation
import GRDB
import MailMessage

/// The address book `merle contacts` shows: the addresses of imported vCards, the people
/// written to and the senders of stored mail, one entry per address (any case).
extension MailStore {
    /// One address and what the store knows of it.
    public struct AddressBookEntry: Sendable, Equatable {
        public var address: String
        /// The address book's name for it, else the name its mail came with; may be empty.
        public var name: String
        /// Messages from this address in the store.
        public var seen: Int
        /// Messages written to it.
        public var written: Int
        /// Whether an imported vCard holds it.
        public var imported: Bool

        public init(address: String, name: String, seen: Int = 0, written: Int = 0, imported: Bool = false) {
            self.address = address
            self.name = name
            self.seen = seen
            self.written = written
            self.imported = imported
        }

        /// The order completion uses too: written to, then in the address book, then seen.
        var rank: Int { written * 1000 + (imported ? MailStore.addressBookRank : 0) + seen }
    }

    /// What importing an address book did.
    public struct ContactImportOutcome: Sendable, Equatable {
        /// Addresses new to the address book (written to before, or not known at all).
        public var added = 0
        /// Addresses imported before whose name changed.
        public var renamed = 0
        /// Addresses imported before with the same name.
        public var unchanged = 0

        public init(added: Int = 0, renamed: Int = 0, unchanged: Int = 0) {
            self.added = added
            self.renamed = renamed
            self.unchanged = unchanged
        }
    }

    /// Every address whose address or name contains `query` (any case, accents or not:
    /// `muller` finds Müller; every address when nil or empty), best first as completion
    /// ranks them. The matching is Swift's, not SQLite's `lower`, which folds ASCII only.
    public func addressBook(matching query: String? = nil) throws -> [AddressBookEntry] {
        let needle = (query ?? "").trimmingCharacters(in: .whitespaces)
        func matches(_ entry: AddressBookEntry) -> Bool {
            needle.isEmpty || [entry.address, entry.name].contains { $0.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
        }
        let entries = try database.read { db in
            var entries: [String: AddressBookEntry] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT address, name, used_count, imported_at FROM contact") {
                let address: String = row["address"]
                entries[address.lowercased()] = AddressBookEntry(address: address, name: row["name"], written: row["used_count"],
                                                                 imported: !(row["imported_at"] as DatabaseValue).isNull)
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT min(from_address) AS address, max(from_name) AS name, count(*) AS seen FROM message
                WHERE from_address <> '' GROUP BY lower(from_address)
                """) {
                let address: String = row["address"]
                let key = address.lowercased()
                var entry = entries[key] ?? AddressBookEntry(address: address, name: "")
                entry.seen = row["seen"]
                if entry.name.isEmpty { entry.name = row["name"] ?? "" }
                entries[key] = entry
            }
            return entries
        }
        return entries.values.filter(matches)
            .sorted { $0.rank != $1.rank ? $0.rank > $1.rank : $0.address.lowercased() < $1.address.lowercased() }
    }

    /// Imports an address book's addresses (each with its card's name) in one
    /// transaction. An address known in any case is updated, never added twice, so
    /// importing the same cards again changes nothing; a card without a name leaves a
    /// name the store has.
    @discardableResult
    public func importContacts(_ addresses: [Address], at date: Date = Date()) throws -> ContactImportOutcome {
        try database.write { db in
            var outcome = ContactImportOutcome()
            for address in addresses where address.mailbox.contains("@") {
                let name = address.name ?? ""
                if var known = try ContactRecord.filter(ContactRecord.Columns.address == address.mailbox).fetchOne(db) {
                    // A nameless card keeps the name the store has.
                    let newName = name.isEmpty ? known.name : name
                    if known.importedAt == nil {
                        outcome.added += 1
                    } else if known.name != newName {
                        outcome.renamed += 1
                    } else {
                        outcome.unchanged += 1
                    }
                    known.name = newName
                    known.importedAt = date
                    try known.update(db)
                } else {
                    var contact = ContactRecord(address: address.mailbox, name: name, importedAt: date)
                    try contact.insert(db)
                    outcome.added += 1
                }
            }
            return outcome
        }
    }
}
