import COpenSSL
import Foundation

/// The system's trusted CAs, loaded the cheap way. `SSL_CTX_set_default_verify_paths`
/// parses the whole bundle file (Debian's 140 certificates) on every connection: 33 ms,
/// a third of a resync with nothing to do. The hashed directory (`c_rehash` links such
/// as `002c0b4f.0`) holds the same certificates and OpenSSL reads one from it only when
/// a chain needs it, so the directory is used, and the bundle file only where the
/// directory has no hash links (or `SSL_CERT_FILE` names a file explicitly).
enum SystemTrustStore {
    /// What to give OpenSSL: a directory list (`a:b`) and a bundle file, each optional.
    struct Sources: Equatable {
        var directories: String?
        var file: String?
    }

    static func load(into context: OpaquePointer) {
        let sources = sources(environment: ProcessInfo.processInfo.environment)
        if let directories = sources.directories { SSL_CTX_load_verify_locations(context, nil, directories) }
        if let file = sources.file { SSL_CTX_load_verify_locations(context, file, nil) }
        ERR_clear_error()  // a missing default file or directory is not an error here
    }

    /// OpenSSL's defaults, with the variables it reads (`SSL_CERT_DIR`, `SSL_CERT_FILE`).
    static func sources(environment: [String: String]) -> Sources {
        let directories = environment[String(cString: X509_get_default_cert_dir_env())] ?? String(cString: X509_get_default_cert_dir())
        let hashed = directories.split(separator: ":").contains { hasHashLinks(String($0)) }
        let file = environment[String(cString: X509_get_default_cert_file_env())] ?? (hashed ? nil : String(cString: X509_get_default_cert_file()))
        return Sources(directories: hashed ? directories : nil, file: file)
    }

    /// Whether `directory` holds at least one `<8 hex digits>.<digit>` link.
    static func hasHashLinks(_ directory: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        return names.contains { name in
            let parts = name.split(separator: ".")
            return parts.count == 2 && parts[0].count == 8 && parts[0].allSatisfy(\.isHexDigit) && parts[1].allSatisfy(\.isNumber)
        }
    }
}
