import Foundation
import GRDB
import MailMessage

/// Autocrypt peers (Level 1 section 2.3): updated as new messages land, in the same
/// transaction as their rows, and read when writing to decide on encryption.
extension MailStore {
    /// The peers of an account, by address.
    public func autocryptPeers(accountId: Int64) throws -> [AutocryptPeer] {
        try database.read { db in
            try AutocryptPeer.filter(AutocryptPeer.Columns.accountId == accountId).order(AutocryptPeer.Columns.address).fetchAll(db)
        }
    }

    /// The account's peer for `address`, if any.
    public func autocryptPeer(accountId: Int64, address: String) throws -> AutocryptPeer? {
        try database.read { db in
            try AutocryptPeer.filter(AutocryptPeer.Columns.accountId == accountId && AutocryptPeer.Columns.address == address.lowercased())
                .fetchOne(db)
        }
    }

    /// Level 1 section 2.3, "Updating Autocrypt Peer State", for a message that landed
    /// in `folderId`. Mail in the Junk folder changes nothing (the spec's spam rule), nor
    /// does a draft. A message without a valid header only moves `last_seen` of a peer
    /// already known: no row is made for every sender that does not use Autocrypt.
    static func observeAutocrypt(_ db: Database, folderId: Int64, _ observation: AutocryptObservation?) throws {
        guard let observation else { return }
        // Most mail has no header and comes from no peer: one indexed look-up, then done.
        if observation.header == nil,
           try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM autocrypt_peer WHERE address = ? LIMIT 1"),
                             arguments: [observation.address]) == nil {
            return
        }
        guard let folder = try Row.fetchOne(db.cachedStatement(sql: "SELECT account_id, special_use FROM folder WHERE id = ?"), arguments: [folderId])
        else { return }
        let specialUse = (folder["special_use"] as String?)?.lowercased()
        if specialUse == "\\junk" || specialUse == "\\drafts" { return }
        let accountId: Int64 = folder["account_id"]
        let date = observation.effectiveDate
        if var peer = try AutocryptPeer.filter(AutocryptPeer.Columns.accountId == accountId && AutocryptPeer.Columns.address == observation.address)
            .fetchOne(db) {
            // 1. Older than the header taken: nothing changes.
            if date < peer.autocryptTimestamp { return }
            // 2. Newer than last seen: seen now.
            if date > peer.lastSeen { peer.lastSeen = date }
            // 3.-6. With a header, its key and preference.
            if let header = observation.header {
                peer.autocryptTimestamp = date
                peer.publicKey = Data(header.keyData)
                peer.preferEncrypt = header.preferEncrypt
            }
            try peer.update(db)
        } else if let header = observation.header {
            var peer = AutocryptPeer(accountId: accountId, address: observation.address, lastSeen: date, autocryptTimestamp: date,
                                     publicKey: Data(header.keyData), preferEncrypt: header.preferEncrypt)
            try peer.insert(db)
        }
    }
}
