import Foundation
import GRDB

/// What an account knows of a correspondent through Autocrypt (Level 1 section 2.3,
/// "peers"): when mail from the address was last seen, and the key and preference of
/// the newest Autocrypt header it sent. Gossip (section 2.4.2) is not kept.
public struct AutocryptPeer: StoredRecord, Identifiable, Equatable {
    public static let databaseTableName = "autocrypt_peer"

    /// The columns queries name.
    public enum Columns {
        public static let accountId = Column("account_id")
        public static let address = Column("address")
    }

    public var id: Int64?
    public var accountId: Int64
    /// The peer's address, lower-cased.
    public var address: String
    /// The effective date of the newest message seen from the address.
    public var lastSeen: Date
    /// The effective date of the newest message whose Autocrypt header was taken.
    public var autocryptTimestamp: Date
    /// The key from that header (binary OpenPGP).
    public var publicKey: Data
    /// `prefer-encrypt=mutual` in that header.
    public var preferEncrypt: Bool
}
