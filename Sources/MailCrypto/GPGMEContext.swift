import CGPGME

/// GPGME must be told its version once, before any other call, from any thread.
/// A global's initialiser runs once and is thread-safe in Swift.
private let gpgmeVersion: String? = gpgme_check_version(nil).map { String(cString: $0) }

/// One GPGME context: a session with the OpenPGP engine (gpg) for one operation.
/// Not shared between threads (GPGME contexts are not thread-safe); each check makes
/// its own, which costs little next to running gpg.
final class GPGMEContext {
    let context: gpgme_ctx_t

    /// A context for OpenPGP in `homeDirectory` (a GNUPGHOME), or gpg's default one.
    /// Offline: gpg never fetches keys or revocation lists while checking mail, so
    /// opening a message tells no one that it was read.
    init(homeDirectory: String?) throws(GPGMEError) {
        guard gpgmeVersion != nil else { throw GPGMEError("GPGME could not start; is GnuPG (gpg) installed?") }
        var context: gpgme_ctx_t?
        try GPGMEError.check(gpgme_new(&context), "GPGME could not start")
        guard let context else { throw GPGMEError("GPGME could not start") }
        self.context = context
        try GPGMEError.check(gpgme_set_protocol(context, GPGME_PROTOCOL_OpenPGP), "GnuPG (gpg) is not available")
        if let homeDirectory {
            try GPGMEError.check(gpgme_ctx_set_engine_info(context, GPGME_PROTOCOL_OpenPGP, nil, homeDirectory),
                                 "cannot use the GnuPG home \(homeDirectory)")
        }
        gpgme_set_offline(context, 1)
    }

    deinit { gpgme_release(context) }

    /// The key with this fingerprint from the keyring, if it is there.
    func key(fingerprint: String) -> (userID: String?, addresses: [String]) {
        var key: gpgme_key_t?
        guard gpgme_get_key(context, fingerprint, &key, 0) == 0, let key else { return (nil, []) }
        defer { gpgme_key_unref(key) }
        var userID: String?
        var addresses: [String] = []
        var uid = key.pointee.uids
        while let current = uid {
            // A revoked or invalid user ID no longer speaks for the key.
            if current.pointee.revoked == 0, current.pointee.invalid == 0 {
                if userID == nil, let text = current.pointee.uid { userID = String(cString: text) }
                if let email = current.pointee.email, email.pointee != 0 { addresses.append(String(cString: email).lowercased()) }
            }
            uid = current.pointee.next
        }
        return (userID, addresses)
    }
}

/// A GPGME data buffer holding a copy of some bytes, or empty for output.
final class GPGMEData {
    private(set) var handle: gpgme_data_t?

    init(_ bytes: [UInt8]) throws(GPGMEError) {
        var handle: gpgme_data_t?
        let error = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                gpgme_data_new_from_mem(&handle, $0, buffer.count, 1)
            }
        }
        try GPGMEError.check(error, "GPGME could not take the data")
        self.handle = handle
    }

    init() throws(GPGMEError) {
        var handle: gpgme_data_t?
        try GPGMEError.check(gpgme_data_new(&handle), "GPGME could not make a buffer")
        self.handle = handle
    }

    /// Everything written to the buffer; the buffer is gone after.
    func takeBytes() -> [UInt8] {
        guard let handle else { return [] }
        self.handle = nil
        var length = 0
        guard let memory = gpgme_data_release_and_get_mem(handle, &length) else { return [] }
        defer { gpgme_free(memory) }
        return memory.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    deinit { if let handle { gpgme_data_release(handle) } }
}

/// A GPGME failure in words.
struct GPGMEError: Error, CustomStringConvertible {
    let description: String
    let code: gpgme_err_code_t?

    init(_ description: String, code: gpgme_err_code_t? = nil) {
        self.description = description
        self.code = code
    }

    /// Throws when `error` is not 0, with GPGME's reason after `what`.
    static func check(_ error: gpgme_error_t, _ what: String) throws(GPGMEError) {
        guard error != 0 else { return }
        throw GPGMEError("\(what): \(String(cString: gpgme_strerror(error)))", code: gpgme_err_code(error))
    }
}
