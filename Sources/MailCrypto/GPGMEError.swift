import CGPGME

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
