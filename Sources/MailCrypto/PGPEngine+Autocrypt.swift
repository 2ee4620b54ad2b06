import CGPGME
import Foundation
import MailMessage

/// Where the Autocrypt peers' keys come from when encrypting: the key bytes the store
/// kept from each peer's latest Autocrypt header, and a GnuPG home of Merle's own in
/// which they are checked. The user's own keyring is never written to.
public struct AutocryptPeerKeys: Sendable {
    /// Merle's GnuPG home for peers' keys (created 0700 when first needed).
    public var home: String
    /// The key bytes the store holds for an address, nil when there are none.
    public var key: @Sendable (String) -> [UInt8]?

    public init(home: String, key: @escaping @Sendable (String) -> [UInt8]?) {
        self.home = home
        self.key = key
    }
}

/// Autocrypt Level 1 through GnuPG: the sender's minimal key for the header, and
/// recipients' keys from Autocrypt peers when the user's keyring has none.
extension PGPEngine {
    /// The minimal public key of `address` for its Autocrypt header: the primary key, the
    /// user ID of the address and one encryption subkey, with their self-signatures only
    /// (gpg's export-minimal, trimmed), when its secret key is in the keyring and can sign
    /// and encrypt; else why not.
    public func autocryptKeyData(for address: String) -> Result<[UInt8], MissingKey> {
        // No GnuPG home, no key: and gpg is not run, which would make one (~/.gnupg) as
        // a side effect of sending mail.
        let home = homeDirectory ?? gpgme_get_dirinfo("homedir").map { String(cString: $0) }
        guard let home, FileManager.default.fileExists(atPath: home) else {
            return .failure(MissingKey(address: address, reason: "there is no GnuPG home (\(home ?? "~/.gnupg")), so no key"))
        }
        do {
            let context = try GPGMEContext(homeDirectory: homeDirectory)
            let key = try usableKey(for: address, secret: true, in: context)
            defer { gpgme_key_unref(key) }
            guard key.pointee.can_encrypt != 0 else {
                return .failure(MissingKey(address: address, reason: "its key has no usable encryption subkey"))
            }
            guard let fingerprint = key.pointee.fpr.map({ String(cString: $0) }) else {
                return .failure(MissingKey(address: address, reason: "its key has no fingerprint"))
            }
            let exported = try export(fingerprint, in: context)
            guard !exported.isEmpty else { return .failure(MissingKey(address: address, reason: "gpg exported nothing")) }
            // Section 2.1.1: one encryption subkey and the address's user ID only; gpg's
            // minimal export as it is when the packets are not as expected.
            guard let subkey = Self.encryptionSubkeyIndex(key) else { return .success(exported) }
            return .success(OpenPGPKeyTrimmer.trim(exported, address: address, subkeyIndex: subkey) ?? exported)
        } catch {
            return .failure(MissingKey(address: address, reason: error.description))
        }
    }

    /// The position, among the subkeys after the primary key, of the first one that can
    /// encrypt and is neither revoked, expired, disabled nor invalid.
    static func encryptionSubkeyIndex(_ key: gpgme_key_t) -> Int? {
        var subkey = key.pointee.subkeys?.pointee.next
        var index = 0
        while let current = subkey {
            let usable = current.pointee.can_encrypt != 0 && current.pointee.revoked == 0 && current.pointee.expired == 0
                && current.pointee.disabled == 0 && current.pointee.invalid == 0
            if usable { return index }
            index += 1
            subkey = current.pointee.next
        }
        return nil
    }

    /// Binary, export-minimal.
    func export(_ fingerprint: String, in context: GPGMEContext) throws(GPGMEError) -> [UInt8] {
        gpgme_set_armor(context.context, 0)
        let output = try GPGMEData()
        try GPGMEError.check(gpgme_op_export(context.context, fingerprint, gpgme_export_mode_t(GPGME_EXPORT_MODE_MINIMAL), output.handle),
                             "gpg could not export the key \(fingerprint)")
        return output.takeBytes()
    }

    /// The Autocrypt peer key of `address`, checked in Merle's own GnuPG home: imported
    /// there, then taken only if it has a valid user ID with exactly that address and a
    /// usable encryption subkey. Gives it in binary (export-minimal) for gpg's
    /// `--recipient-file`; throws what is wrong with it, or that there is none.
    func autocryptPeerKey(for address: String) throws(GPGMEError) -> [UInt8] {
        guard let peers = autocryptPeers, let bytes = peers.key(address.lowercased()) else {
            throw GPGMEError("no key for \(address)")
        }
        do {
            try FileManager.default.createDirectory(atPath: peers.home, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw GPGMEError("cannot make the GnuPG home for Autocrypt keys \(peers.home)")
        }
        let context = try GPGMEContext(homeDirectory: peers.home)
        let input = try GPGMEData(bytes)
        try GPGMEError.check(gpgme_op_import(context.context, input.handle), "gpg could not read the Autocrypt key of \(address)")
        // The key this header brought, not an older one of the same address.
        var fingerprint: String?
        if let result = gpgme_op_import_result(context.context) {
            var status = result.pointee.imports
            while let current = status, fingerprint == nil {
                if current.pointee.result == 0, let fpr = current.pointee.fpr { fingerprint = String(cString: fpr) }
                status = current.pointee.next
            }
        }
        guard let fingerprint else { throw GPGMEError("the Autocrypt key of \(address) is not a key gpg can use") }
        var found: gpgme_key_t?
        guard gpgme_get_key(context.context, fingerprint, &found, 0) == 0, let key = found else {
            throw GPGMEError("the Autocrypt key of \(address) is not a key gpg can use")
        }
        defer { gpgme_key_unref(key) }
        if let problem = Self.problem(with: key, address: address, secret: false) {
            throw GPGMEError("its Autocrypt key: \(problem)")
        }
        return try export(fingerprint, in: context)
    }
}
