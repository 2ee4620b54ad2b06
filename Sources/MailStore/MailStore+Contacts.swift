import Foundation
import GRDB

/// Address completion: the people the user wrote to (the `contact` table, counted when a
/// message is queued) and the senders of stored mail (counted from the messages
/// themselves, so storing mail costs nothing extra), ranked by use.
extension MailStore {
    /// A completion candidate.
    public struct AddressSuggestion: Sendable, Equatable {
        public var name: String
        public var address: String

        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }

    /// Up to `limit` addresses whose address or name starts with `prefix` (or has a word
    /// starting with it), most used first: written to, then in the address book
    /// (imported vCards), then seen most often.
    public func suggestAddresses(prefix: String, limit: Int = 8) throws -> [AddressSuggestion] {
        let needle = prefix.trimmingCharacters(in: .whitespaces).lowercased()
        guard !needle.isEmpty else { return [] }
        // LIKE's own wildcards in what was typed match themselves.
        let escaped = needle.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        let start = escaped + "%", word = "% " + escaped + "%"
        return try database.read { db in
            var ranked: [String: (name: String, score: Int)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT address, name, used_count, seen_count, imported_at FROM contact
                WHERE lower(address) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'
                ORDER BY used_count DESC, imported_at IS NULL LIMIT ?
                """, arguments: [start, start, word, limit * 4]) {
                let address: String = row["address"]
                let imported = (row["imported_at"] as DatabaseValue).isNull ? 0 : Self.addressBookRank
                ranked[address.lowercased()] = (row["name"], (row["used_count"] as Int) * 1000 + imported + (row["seen_count"] as Int))
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT from_address, max(from_name) AS name, count(*) AS seen FROM message
                WHERE from_address <> '' AND (lower(from_address) LIKE ? ESCAPE '\\' OR lower(from_name) LIKE ? ESCAPE '\\'
                      OR lower(from_name) LIKE ? ESCAPE '\\')
                GROUP BY lower(from_address) ORDER BY seen DESC LIMIT ?
                """, arguments: [start, start, word, limit * 4]) {
                let address: String = row["from_address"]
                let key = address.lowercased()
                let seen: Int = row["seen"]
                let name: String = row["name"] ?? ""
                if let known = ranked[key] {
                    ranked[key] = (known.name.isEmpty ? name : known.name, known.score + seen)
                } else {
                    ranked[key] = (name, seen)
                }
            }
            return ranked.sorted { $0.value.score != $1.value.score ? $0.value.score > $1.value.score : $0.key < $1.key }
                .prefix(limit)
                .map { AddressSuggestion(name: $0.value.name, address: $0.key) }
        }
    }

    /// What an address in the imported address book adds to its rank: ahead of a
    /// sender seen a few hundred times, behind anyone written to.
    static let addressBookRank = 500

    /// Counts a use of each recipient (inside the queueing transaction).
    static func recordUse(of recipients: [String], in db: Database) throws {
        for address in Set(recipients.map { $0.lowercased() }) where address.contains("@") {
            try db.execute(sql: """
                INSERT INTO contact (address, used_count, last_used_at) VALUES (?, 1, ?)
                ON CONFLICT(address) DO UPDATE SET used_count = used_count + 1, last_used_at = excluded.last_used_at
                """, arguments: [address, Date()])
        }
    }
}
