/// The Setup Code of an Autocrypt Setup Message (Level 1 section 4.4): 36 decimal
/// digits, shown and typed as 9 blocks of 4 joined by dashes. That dashed form is the
/// passphrase the secret key is encrypted with, as other Autocrypt mail programs
/// (Delta Chat, Enigmail) use it, so a message from one opens in the other.
public struct AutocryptSetupCode: Sendable, Hashable, CustomStringConvertible {
    /// The 36 digits.
    public let digits: String

    /// A new code from the system's cryptographically secure generator (getrandom on
    /// Linux); each digit is drawn uniformly (no modulo bias).
    public static func random() -> AutocryptSetupCode {
        var generator = SystemRandomNumberGenerator()
        return AutocryptSetupCode(uncheckedDigits: String((0..<36).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) }))
    }

    private init(uncheckedDigits: String) { digits = uncheckedDigits }

    /// A code as typed: its digits, with any dashes, spaces or line breaks between;
    /// nil unless there are exactly 36 digits and nothing else.
    public init?(typed: String) {
        var found = ""
        for character in typed {
            if character.isASCII, character.isNumber {
                found.append(character)
            } else if !(character == "-" || character.isWhitespace) {
                return nil
            }
        }
        guard found.count == 36 else { return nil }
        digits = found
    }

    /// "1234-5678-…": 9 blocks of 4 digits; also the passphrase.
    public var formatted: String {
        stride(from: 0, to: 36, by: 4).map { start in
            String(digits.dropFirst(start).prefix(4))
        }.joined(separator: "-")
    }

    /// The first two digits, which the message's `Passphrase-Begin` armour header shows.
    public var begin: String { String(digits.prefix(2)) }

    public var description: String { formatted }
}
