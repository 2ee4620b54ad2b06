import COpenSSL

/// OpenSSL's error queue in words; empties it.
enum OpenSSLErrors {
    static func drain() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(Self.text(buffer))
        }
        return reasons.joined(separator: "; ")
    }

    /// A NUL-terminated buffer as text.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
