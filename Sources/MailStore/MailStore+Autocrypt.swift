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
}

/// Level 1 section 2.3, "Updating Autocrypt Peer State", for the messages one write
/// transaction stores in one folder: made once per batch (the folder's account, whether
/// it counts, the statements prepared), then asked once per new message.
struct AutocryptObserver {
    private let db: Database
    private let accountId: Int64?
    private let touchLastSeen: Statement

    /// Mail in the Junk folder changes nothing (the spec's spam rule), nor does a draft.
    init(_ db: Database, folderId: Int64) throws {
        self.db = db
        let folder = try Row.fetchOne(db.cachedStatement(sql: "SELECT account_id, special_use FROM folder WHERE id = ?"), arguments: [folderId])
        let specialUse = (folder?["special_use"] as String?)?.lowercased()
        accountId = specialUse == "\\junk" || specialUse == "\\drafts" ? nil : folder?["account_id"]
        // Steps 1-3 for a message without a header: only a newer last_seen, and only when
        // not older than the key taken. One statement; nothing when no peer matches.
        touchLastSeen = try db.cachedStatement(sql: """
            UPDATE autocrypt_peer SET last_seen = ?1
            WHERE address = ?2 AND account_id = ?3 AND ?1 >= autocrypt_timestamp AND ?1 > last_seen
            """)
    }

    /// Applies what one new message says. A message without a valid header only moves
    /// `last_seen` of a peer already known: no row is made for every sender that does
    /// not use Autocrypt.
    func observe(_ observation: AutocryptObservation?) throws {
        guard let accountId, let observation else { return }
        let date = observation.effectiveDate
        guard let header = observation.header else {
            // Written as StoredDate writes dates (as GRDB does, without Foundation's formatter).
            try touchLastSeen.execute(arguments: [StoredDate(date), observation.address, accountId])
            return
        }
        if var peer = try AutocryptPeer.filter(AutocryptPeer.Columns.accountId == accountId && AutocryptPeer.Columns.address == observation.address)
            .fetchOne(db) {
            // 1. Older than the header taken: nothing changes.
            if date < peer.autocryptTimestamp { return }
            // 2. Newer than last seen: seen now. 3.-6. The header's key and preference.
            if date > peer.lastSeen { peer.lastSeen = date }
            peer.autocryptTimestamp = date
            peer.publicKey = Data(header.keyData)
            peer.preferEncrypt = header.preferEncrypt
            try peer.update(db)
        } else {
            var peer = AutocryptPeer(accountId: accountId, address: observation.address, lastSeen: date, autocryptTimestamp: date,
                                     publicKey: Data(header.keyData), preferEncrypt: header.preferEncrypt)
            try peer.insert(db)
        }
    }
}
