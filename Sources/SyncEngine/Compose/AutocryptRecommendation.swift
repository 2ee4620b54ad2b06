import Foundation
import MailMessage
import MailStore

/// Autocrypt Level 1 section 2.4, "ui-recommendation": what Autocrypt advises for a
/// message to these recipients, from what their mail has told the account.
public enum AutocryptRecommendation: String, Sendable, Hashable {
    /// Someone has no Autocrypt key: encryption cannot come from Autocrypt.
    case disable
    /// Every key is there, but someone's is stale (their last mail came without it,
    /// more than 35 days after it): encryption might not be readable.
    case discourage
    /// Every key is there; encryption is possible, not asked for.
    case available
    /// Every key is there, and the sender and every recipient prefer encryption (mutual).
    case encrypt

    /// A peer whose latest key is this much older than their latest mail is stale.
    static let staleAfter: TimeInterval = 35 * 24 * 3600

    /// The recommendation for one peer (nil: no peer, no key).
    static func of(_ peer: AutocryptPeer?, senderPrefersEncrypt: Bool) -> AutocryptRecommendation {
        guard let peer, !peer.publicKey.isEmpty else { return .disable }
        if peer.lastSeen.timeIntervalSince(peer.autocryptTimestamp) > staleAfter { return .discourage }
        return senderPrefersEncrypt && peer.preferEncrypt ? .encrypt : .available
    }

    /// Several recipients: the weakest one decides; `encrypt` only when all say so.
    static func combined(_ each: [AutocryptRecommendation]) -> AutocryptRecommendation {
        if each.isEmpty || each.contains(.disable) { return .disable }
        if each.contains(.discourage) { return .discourage }
        return each.allSatisfy { $0 == .encrypt } ? .encrypt : .available
    }
}

extension Composer {
    /// Section 2.4 for a draft's recipients (To and Cc; the sender's own address is
    /// left out, its key being the user's own), as the sending account's peers say.
    /// With Bcc there is no recommendation to encrypt: encryption would show them.
    public func autocryptRecommendation(for draft: Draft, senderPrefersEncrypt: Bool) -> AutocryptRecommendation {
        let own = draft.from.mailbox.lowercased()
        let recipients = Set((draft.to + draft.cc).map { $0.mailbox.lowercased() }).subtracting([own])
        guard draft.bcc.isEmpty else { return .disable }
        let each = recipients.sorted().map { address in
            AutocryptRecommendation.of((try? store.autocryptPeer(accountId: sender.accountId, address: address)) ?? nil,
                                       senderPrefersEncrypt: senderPrefersEncrypt)
        }
        return AutocryptRecommendation.combined(each)
    }
}

extension ComposeSecurity {
    /// Follows an Autocrypt recommendation: `encrypt` turns opportunistic encryption on,
    /// so the compose screen shows it on before sending (and a missing key then refuses
    /// instead of sending in the clear). `encrypt = "never"` and a choice the user made
    /// are left alone. Returns whether it changed anything.
    @discardableResult
    public mutating func follow(_ recommendation: AutocryptRecommendation) -> Bool {
        guard recommendation == .encrypt, encryption == .whenKeysAllow, format == .openPGP else { return false }
        encryption = .on
        return true
    }
}
