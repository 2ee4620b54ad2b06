import MailMessage
import MerleConfig

/// Whether a message being written is to be signed and encrypted: the account's
/// `sign` and `encrypt` settings, then whatever the user turned on or off (the command
/// line's `--sign`/`--encrypt`, the compose screen's keys). Both go through `build`.
public struct ComposeSecurity: Sendable, Hashable {
    public enum Encryption: Sendable, Hashable {
        case off
        /// Encrypt when every recipient has a usable key (`encrypt = "opportunistic"`).
        case whenKeysAllow
        /// Encrypt, or refuse to queue, naming who has no key.
        case on
    }

    public var sign: Bool
    public var encryption: Encryption
    public var format: SecurityFormat
    /// Whether the message carries the sender's Autocrypt header (the account's
    /// `autocrypt`): true, false, or nil for "when the From address has an OpenPGP key".
    public var autocrypt: Bool?
    /// The header's `prefer-encrypt=mutual` (`autocrypt_prefer_encrypt`).
    public var autocryptPreferEncrypt: Bool

    public init(sign: Bool = false, encryption: Encryption = .off, format: SecurityFormat = .openPGP,
                autocrypt: Bool? = false, autocryptPreferEncrypt: Bool = false) {
        self.sign = sign
        self.encryption = encryption
        self.format = format
        self.autocrypt = autocrypt
        self.autocryptPreferEncrypt = autocryptPreferEncrypt
    }

    /// The account's defaults (`sign`, `encrypt`, `crypto`); `format` overrides `crypto`.
    public init(account: AccountConfiguration?, format: SecurityFormat? = nil) {
        let encryption: Encryption = switch account?.encrypt ?? .never {
        case .never: .off
        case .opportunistic: .whenKeysAllow
        case .always: .on
        }
        self.init(sign: account?.sign ?? false, encryption: encryption, format: format ?? account?.crypto ?? .openPGP,
                  autocrypt: account.map { $0.autocrypt } ?? false, autocryptPreferEncrypt: account?.autocryptPreferEncrypt ?? false)
    }

    /// The compose screen's encryption key: off goes on, anything else goes off.
    public mutating func toggleEncryption() { encryption = encryption == .off ? .on : .off }

    /// A few words for the compose screen: "sign: yes  encrypt: if keys (PGP/MIME)".
    public var summary: String {
        let encrypt = switch encryption {
        case .off: "no"
        case .whenKeysAllow: "if every recipient has a key"
        case .on: "yes"
        }
        return "sign: \(sign ? "yes" : "no")  encrypt: \(encrypt)  (\(format == .openPGP ? "PGP/MIME" : "S/MIME"))"
    }

    /// What was built and, when a wish could not be met, what the user should know
    /// ("not encrypted: ..." for an opportunistic send without every key).
    public struct Built: Sendable {
        public var message: BuiltMessage
        public var notice: String?
        public var security: MessageSecurity
    }

    /// The bytes to keep in Drafts: encrypted to the writer's own key when the message is
    /// to be encrypted (with `.whenKeysAllow`, when that key is there), else as written.
    public func buildDraft(_ draft: Draft, sealer: (any MessageSealing)?, builder: MessageBuilder = MessageBuilder()) throws -> [UInt8] {
        guard encryption != .off, let sealer else {
            if encryption == .on { throw SealingError.failed("encryption is not available here, so the draft was not saved") }
            return try builder.buildDraft(draft)
        }
        if encryption == .whenKeysAllow, !sealer.recipientsLackingKeys([draft.from.mailbox], format: format).isEmpty {
            return try builder.buildDraft(draft)
        }
        return try builder.buildDraft(draft, encryptingWith: sealer, format: format)
    }

    /// Builds `draft` signed and encrypted as asked, through `sealer`. With `.on`, a
    /// missing key or a Bcc refuses (`SealingError`); with `.whenKeysAllow` it is sent
    /// unencrypted instead, and `notice` says why. Never silently unencrypted.
    public func build(_ draft: Draft, sealer: any MessageSealing, builder: MessageBuilder = MessageBuilder()) throws -> Built {
        var security = MessageSecurity(sign: sign, encrypt: encryption == .on, format: format)
        var notice: String?
        var draft = draft
        var autocryptNotice: String?
        (draft.autocrypt, autocryptNotice) = autocryptHeader(from: draft.from, sealer: sealer)
        if encryption == .whenKeysAllow {
            let keyHolders = (draft.to + draft.cc + [draft.from]).map(\.mailbox)
            let missing = sealer.recipientsLackingKeys(keyHolders, format: format)
            if !draft.bcc.isEmpty {
                notice = "not encrypted: it has Bcc recipients, whom encryption would show to the others"
            } else if !missing.isEmpty {
                notice = "not encrypted: no usable key for \(missing.map(\.description).joined(separator: ", "))"
            } else {
                security.encrypt = true
            }
        }
        if let autocryptNotice { notice = notice.map { "\($0); \(autocryptNotice)" } ?? autocryptNotice }
        return Built(message: try builder.build(draft, security: security, sealer: sealer), notice: notice, security: security)
    }

    /// The Autocrypt header for `from` (Level 1 section 2.1), and a notice when the
    /// account asked for one (`autocrypt = true`) and the key is missing or unusable.
    /// Not set: a header when the key is there, else none without a word.
    func autocryptHeader(from: Address, sealer: any MessageSealing) -> (AutocryptHeader?, String?) {
        guard autocrypt != false else { return (nil, nil) }
        switch sealer.autocryptKeyData(for: from.mailbox) {
        case let .success(key):
            return (AutocryptHeader(address: from.mailbox, preferEncrypt: autocryptPreferEncrypt, keyData: key), nil)
        case let .failure(missing):
            return (nil, autocrypt == true ? "no Autocrypt header: \(missing.description)" : nil)
        }
    }
}
