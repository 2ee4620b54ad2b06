import CGPGME
import Foundation
import MailMessage

/// The payload of the Autocrypt Setup Message (Level 1 section 4.4): the user's secret
/// key, ASCII-armoured, encrypted with the Setup Code as passphrase (OpenPGP symmetric
/// encryption; gpg 2.2's default for it is AES-128, as the spec asks), with the
/// `Passphrase-Format: numeric9x4` and `Passphrase-Begin` armour headers. The code goes
/// to gpg through loopback pinentry, never through the agent's dialogue.
extension PGPEngine {
    /// Exports the secret key of `address` (gpg-agent may ask for its passphrase, as
    /// set up) and encrypts it with `code`.
    /// Throws `SealingError.failed` with what went wrong (no key, gpg's reason).
    public func autocryptSetupPayload(for address: String, preferEncrypt: Bool, code: AutocryptSetupCode) throws(SealingError) -> [UInt8] {
        do {
            let context = try GPGMEContext(homeDirectory: homeDirectory)
            let key = try usableKey(for: address, secret: true, in: context)
            defer { gpgme_key_unref(key) }
            guard let fingerprint = key.pointee.fpr.map({ String(cString: $0) }) else { throw GPGMEError("the key of \(address) has no fingerprint") }
            gpgme_set_armor(context.context, 1)
            let exported = try GPGMEData()
            try GPGMEError.check(gpgme_op_export(context.context, fingerprint, gpgme_export_mode_t(GPGME_EXPORT_MODE_SECRET), exported.handle),
                                 "gpg could not export the secret key of \(address)")
            var secretKey = exported.takeBytes()
            guard !secretKey.isEmpty else { throw GPGMEError("gpg exported no secret key for \(address) (was its passphrase refused?)") }
            // Section 4.4.3: the key's armour may say the preference it travels with.
            if preferEncrypt { secretKey = Self.addingArmorHeaders(["Autocrypt-Prefer-Encrypt: mutual"], to: secretKey) }

            let encrypted = try Self.inScratchHome { home throws(GPGMEError) -> [UInt8] in
                let symmetric = try LoopbackContext(homeDirectory: home, passphrase: code.formatted)
                gpgme_set_armor(symmetric.context, 1)
                let input = try GPGMEData(secretKey)
                let output = try GPGMEData()
                try GPGMEError.check(gpgme_op_encrypt(symmetric.context, nil, GPGME_ENCRYPT_SYMMETRIC, input.handle, output.handle),
                                     "gpg could not encrypt the setup message")
                return output.takeBytes()
            }
            return Self.addingArmorHeaders(["Passphrase-Format: numeric9x4", "Passphrase-Begin: \(code.begin)"], to: encrypted)
        } catch {
            throw SealingError.failed("\(error)")
        }
    }

    /// What `importAutocryptSetup` brought in.
    public struct ImportedSetup: Sendable, Hashable {
        /// The fingerprints of the secret keys imported (or already there).
        public var fingerprints: [String]
        /// The key's `Autocrypt-Prefer-Encrypt: mutual`.
        public var preferEncrypt: Bool
    }

    /// Decrypts a Setup Message payload with `code` and imports the secret key in it
    /// into the GnuPG home. Throws `SealingError.failed` saying whether the code was
    /// wrong or what else failed; nothing is imported then.
    public func importAutocryptSetup(_ payload: [UInt8], code: AutocryptSetupCode) throws(SealingError) -> ImportedSetup {
        do {
            let (error, plain) = try Self.inScratchHome { home throws(GPGMEError) -> (gpgme_error_t, [UInt8]) in
                let context = try LoopbackContext(homeDirectory: home, passphrase: code.formatted)
                let input = try GPGMEData(payload)
                let output = try GPGMEData()
                let error = gpgme_op_decrypt(context.context, input.handle, output.handle)
                return (error, output.takeBytes())
            }
            if error != 0 {
                switch gpgme_err_code(error) {
                case GPG_ERR_BAD_PASSPHRASE, GPG_ERR_CANCELED:
                    throw GPGMEError("the setup code is not the one this message was made with; check the digits and try again")
                case GPG_ERR_NO_DATA:
                    throw GPGMEError("the message holds no encrypted setup data gpg can read")
                default:
                    throw GPGMEError("gpg could not decrypt the setup message: \(String(cString: gpgme_strerror(error)))")
                }
            }
            let text = String(decoding: plain, as: UTF8.self)
            guard text.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----") else {
                throw GPGMEError("the setup message decrypts, but holds no secret key")
            }
            let header = text.components(separatedBy: "\n\n").first ?? ""
            let preferEncrypt = header.split(whereSeparator: \.isNewline).contains {
                $0.lowercased().replacingOccurrences(of: " ", with: "") == "autocrypt-prefer-encrypt:mutual"
            }
            let importing = try GPGMEContext(homeDirectory: homeDirectory)
            let keyData = try GPGMEData(plain)
            try GPGMEError.check(gpgme_op_import(importing.context, keyData.handle), "gpg could not import the secret key")
            var fingerprints: [String] = []
            if let result = gpgme_op_import_result(importing.context) {
                var status = result.pointee.imports
                while let current = status {
                    if current.pointee.result == 0, let fpr = current.pointee.fpr {
                        let fingerprint = String(cString: fpr)
                        if !fingerprints.contains(fingerprint) { fingerprints.append(fingerprint) }
                    }
                    status = current.pointee.next
                }
            }
            guard !fingerprints.isEmpty else { throw GPGMEError("gpg imported no key from the setup message") }
            return ImportedSetup(fingerprints: fingerprints, preferEncrypt: preferEncrypt)
        } catch {
            throw SealingError.failed("\(error)")
        }
    }

    /// Runs `body` with a GnuPG home of its own, made for it and removed after (its
    /// gpg-agent stopped). The Setup Code's symmetric encryption happens there: gpg 2.2
    /// encrypts with AES-256 unless told otherwise, and the spec asks for AES-128, which
    /// only a gpg.conf can say through GPGME (`s2k-cipher-algo`); and the code is then
    /// never cached by the user's own agent.
    static func inScratchHome<T>(_ body: (String) throws(GPGMEError) -> T) throws(GPGMEError) -> T {
        var template = Array("/tmp/merle-gpg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw GPGMEError("cannot make a temporary GnuPG home in /tmp") }
        let home = String(cString: made)
        defer {
            if let gpgconf = gpgme_get_dirinfo("gpgconf-name").map({ String(cString: $0) }) {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: gpgconf)
                process.arguments = ["--homedir", home, "--kill", "gpg-agent"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                if (try? process.run()) != nil { process.waitUntilExit() }
            }
            // The agent removes its socket as it exits, after gpgconf returns.
            for _ in 0..<40 where FileManager.default.fileExists(atPath: home + "/S.gpg-agent") { usleep(50_000) }
            try? FileManager.default.removeItem(atPath: home)
        }
        guard FileManager.default.createFile(atPath: home + "/gpg.conf", contents: Data("s2k-cipher-algo AES128\n".utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw GPGMEError("cannot write \(home)/gpg.conf")
        }
        return try body(home)
    }

    /// Armour header lines put after the BEGIN line (RFC 4880 section 6.2).
    static func addingArmorHeaders(_ headers: [String], to armored: [UInt8]) -> [UInt8] {
        guard let newline = armored.firstIndex(of: 0x0A) else { return armored }
        return Array(armored[...newline]) + Array(headers.map { $0 + "\n" }.joined().utf8) + Array(armored[(newline + 1)...])
    }
}

/// A GPGME context with loopback pinentry and a fixed passphrase.
final class LoopbackContext {
    private let base: GPGMEContext
    /// Retained for the callback; released with the context.
    private let box: Unmanaged<PassphraseBox>

    var context: gpgme_ctx_t { base.context }

    init(homeDirectory: String?, passphrase: String) throws(GPGMEError) {
        base = try GPGMEContext(homeDirectory: homeDirectory)
        box = Unmanaged.passRetained(PassphraseBox(Array(passphrase.utf8)))
        try GPGMEError.check(gpgme_set_pinentry_mode(base.context, GPGME_PINENTRY_MODE_LOOPBACK), "GPGME refused loopback pinentry")
        gpgme_set_passphrase_cb(base.context, { hook, _, _, previousWasBad, fd in
            guard let hook else { return gpgme_error(GPG_ERR_CANCELED) }
            // Asked again: the passphrase was wrong; give up instead of asking forever.
            if previousWasBad != 0 { return gpgme_error(GPG_ERR_BAD_PASSPHRASE) }
            let bytes = Unmanaged<PassphraseBox>.fromOpaque(hook).takeUnretainedValue().bytes + [0x0A]
            let written = bytes.withUnsafeBufferPointer { gpgme_io_writen(fd, $0.baseAddress, $0.count) }
            return written == 0 ? 0 : gpgme_error(GPG_ERR_CANCELED)
        }, box.toOpaque())
    }

    deinit {
        gpgme_set_passphrase_cb(base.context, nil, nil)
        box.release()
    }
}

/// The passphrase the callback hands to gpg.
private final class PassphraseBox {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}
