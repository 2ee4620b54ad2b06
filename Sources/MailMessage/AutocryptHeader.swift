import Foundation

/// The `Autocrypt` header field (Autocrypt Level 1, section 2.1): the sender's address,
/// whether they prefer encrypted replies, and their OpenPGP public key.
///
/// ```
/// autocrypt-header = "Autocrypt:" attribute *(";" attribute)
/// attribute        = name "=" value     ; addr, prefer-encrypt, keydata;
///                                       ; names starting "_" are non-critical
/// ```
public struct AutocryptHeader: Sendable, Hashable {
    /// The key's address (`addr`), lower-cased.
    public var address: String
    /// `prefer-encrypt=mutual`; any other value, or none, is "no preference".
    public var preferEncrypt: Bool
    /// The key as binary OpenPGP packets (`keydata`, base64 in the header).
    public var keyData: [UInt8]

    /// The largest key kept: a minimal RSA 4096 key is about 3 KB and a Curve25519 one
    /// half a KB, so 64 KiB leaves room for any sensible key and none for a flood.
    public static let maximumKeyDataBytes = 64 * 1024
    /// The largest header value read; base64 grows by a third, plus folding.
    public static let maximumValueBytes = maximumKeyDataBytes * 3 / 2 + 1024

    public init(address: String, preferEncrypt: Bool, keyData: [UInt8]) {
        self.address = address.lowercased()
        self.preferEncrypt = preferEncrypt
        self.keyData = keyData
    }

    /// Why a header was ignored (section 2.1: an invalid header counts as absent).
    public enum Rejection: Error, Sendable, Hashable {
        case tooLong
        case missingAddress
        case missingKeyData
        case unknownCriticalAttribute(String)
        case repeatedAttribute(String)
        case malformedAttribute
        case keyDataNotBase64
        case keyDataTooLarge
        case keyDataNotAPublicKey
    }

    /// Section 2.1: parses a header value; unknown attributes whose name does not
    /// start with `_` make the whole header invalid.
    public static func parse(_ value: String) -> Result<AutocryptHeader, Rejection> {
        guard value.utf8.count <= maximumValueBytes else { return .failure(.tooLong) }
        var attributes: [String: String] = [:]
        for piece in value.split(separator: ";", omittingEmptySubsequences: true) {
            let text = piece.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            guard let equals = text.firstIndex(of: "=") else { return .failure(.malformedAttribute) }
            let name = text[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let attributeValue = text[text.index(after: equals)...].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { return .failure(.malformedAttribute) }
            if name.hasPrefix("_") { continue }
            guard ["addr", "prefer-encrypt", "keydata"].contains(name) else { return .failure(.unknownCriticalAttribute(name)) }
            guard attributes[name] == nil else { return .failure(.repeatedAttribute(name)) }
            attributes[name] = attributeValue
        }
        guard let address = attributes["addr"], !address.isEmpty else { return .failure(.missingAddress) }
        guard let encoded = attributes["keydata"], !encoded.isEmpty else { return .failure(.missingKeyData) }
        let compact = encoded.filter { !$0.isWhitespace }
        guard let decoded = Data(base64Encoded: compact) else { return .failure(.keyDataNotBase64) }
        guard decoded.count <= maximumKeyDataBytes else { return .failure(.keyDataTooLarge) }
        let keyData = [UInt8](decoded)
        guard isPublicKeyPacket(keyData.first) else { return .failure(.keyDataNotAPublicKey) }
        return .success(AutocryptHeader(address: address, preferEncrypt: attributes["prefer-encrypt"]?.lowercased() == "mutual",
                                        keyData: keyData))
    }

    /// RFC 4880 section 4.2: a transferable public key starts with a Public-Key packet
    /// (tag 6), in the old format (0x98-0x9B) or the new (0xC6). Anything else is not a key.
    static func isPublicKeyPacket(_ first: UInt8?) -> Bool {
        guard let first else { return false }
        return (0x98...0x9B).contains(first) || first == 0xC6
    }

    /// The header as it is sent, folded as section 2.1's example shows: the attributes
    /// on the first line, then the base64 key in lines of 76 characters, each after a space.
    public var field: String {
        var text = "Autocrypt: addr=\(address);"
        if preferEncrypt { text += " prefer-encrypt=mutual;" }
        text += " keydata=\r\n"
        let encoded = Array(Data(keyData).base64EncodedString().utf8)
        var index = 0
        while index < encoded.count {
            let end = min(index + 76, encoded.count)
            text += " " + String(decoding: encoded[index..<end], as: UTF8.self) + "\r\n"
            index = end
        }
        return text
    }
}

/// What an incoming message says about its sender for Autocrypt (Level 1, section
/// 2.3): the sender's address, the message's effective date and the one valid
/// Autocrypt header, if it has exactly one.
public struct AutocryptObservation: Sendable, Hashable {
    /// The From address, lower-cased.
    public var address: String
    /// The Date header, or `now` when there is none or it lies in the future.
    public var effectiveDate: Date
    /// The message's single valid header for `address`; nil when it has none, more than
    /// one, or only invalid ones (all count as "no header").
    public var header: AutocryptHeader?

    public init(address: String, effectiveDate: Date, header: AutocryptHeader?) {
        self.address = address.lowercased()
        self.effectiveDate = effectiveDate
        self.header = header
    }

    /// The observation of `message`, or nil when Autocrypt must not look at it: not
    /// exactly one From address, or a multipart/report (bounces and receipts, section 2.3).
    public static func of(_ message: MIMEMessage, now: Date = Date()) -> AutocryptObservation? {
        guard message.from.addresses.count == 1, let from = message.from.addresses.first, from.mailbox.contains("@") else { return nil }
        if let type = message.header("Content-Type").flatMap({ MediaType(headerValue: $0.value) }), type.mimeType == "multipart/report" {
            return nil
        }
        let address = from.mailbox.lowercased()
        let date = min(message.date ?? now, now)
        // A message with more fields than any sender writes has no single valid one, and
        // thousands of them cost no parsing.
        let fields = message.headers(named: "Autocrypt")
        guard fields.count <= 8 else { return AutocryptObservation(address: address, effectiveDate: date, header: nil) }
        let valid = fields.compactMap { field -> AutocryptHeader? in
            guard field.rawValue.count <= AutocryptHeader.maximumValueBytes,
                  case let .success(header) = AutocryptHeader.parse(field.value), header.address == address else { return nil }
            return header
        }
        return AutocryptObservation(address: address, effectiveDate: date, header: valid.count == 1 ? valid[0] : nil)
    }
}

/// The Autocrypt Setup Message (Level 1 section 4.4.3): the user's secret key sent to
/// their own address, encrypted with a Setup Code.
public enum AutocryptSetupMessage {
    /// The explanation in the message's first part.
    public static let explanation = """
        This is the Autocrypt Setup Message: your OpenPGP secret key, for another mail
        program of yours that speaks Autocrypt, encrypted with the Setup Code shown when
        it was made.

        To use it: open this message in that program and type the Setup Code when asked.
        In Merle: merle autocrypt import-setup ID (the ID that merle list shows for it).

        Without the Setup Code nobody can read the attachment; keep the code private.
        """

    /// The armoured, encrypted payload of a Setup Message: the application/autocrypt-setup
    /// part's `-----BEGIN PGP MESSAGE-----` block. Nil when `message` is not one (no
    /// `Autocrypt-Setup-Message: v1` header, no such part, no block).
    public static func payload(in message: MIMEMessage) -> [UInt8]? {
        guard message.header("Autocrypt-Setup-Message")?.value.trimmingCharacters(in: .whitespaces).lowercased() == "v1" else { return nil }
        guard let part = message.body.allParts.first(where: { $0.mediaType.mimeType == "application/autocrypt-setup" }) else { return nil }
        let text = String(decoding: part.decodedBody(), as: UTF8.self)
        guard let begin = text.range(of: "-----BEGIN PGP MESSAGE-----"),
              let end = text.range(of: "-----END PGP MESSAGE-----", range: begin.upperBound..<text.endIndex) else { return nil }
        return Array(text[begin.lowerBound..<end.upperBound].utf8) + [0x0A]
    }

    /// The `Passphrase-Begin` armour header: the Setup Code's first two digits, shown
    /// when asking for it so the user knows which code this message wants.
    public static func passphraseBegin(_ payload: [UInt8]) -> String? {
        let text = String(decoding: payload.prefix(2048), as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline).prefix(8) where line.lowercased().hasPrefix("passphrase-begin:") {
            let value = line.dropFirst("passphrase-begin:".count).trimmingCharacters(in: .whitespaces)
            if value.count <= 4, value.allSatisfy(\.isNumber) { return value }
        }
        return nil
    }
}
