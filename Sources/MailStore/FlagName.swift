/// A flag as a user names it (`merle flag 12 +seen`), turned into what is stored and
/// sent to the server: a system flag (`SystemFlag`) or a keyword. Anything else is
/// refused before it is stored or journaled, with the list of what is valid.
public enum FlagName {
    /// `seen`, `\seen`, `\Seen` (any system flag, any case) → `\Seen`; a keyword that is
    /// an IMAP atom (RFC 3501 `flag-keyword = atom`), e.g. `$Label1`, as given.
    public static func parse(_ text: String) throws -> String {
        if let system = SystemFlag(name: text) { return system.rawValue }
        if text.hasPrefix("\\") {
            throw Invalid(text: text, reason: "there is no system flag \(text)")
        }
        guard isAtom(text) else {
            throw Invalid(text: text, reason: text.isEmpty ? "a flag needs a name" : "\"\(text)\" is not a valid IMAP keyword")
        }
        return text
    }

    /// RFC 3501 §9: `atom = 1*ATOM-CHAR`, where ATOM-CHAR is any 7-bit character but
    /// controls, space and the atom-specials `( ) { % * " \ ]`.
    public static func isAtom(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && !"(){%*\"\\]".unicodeScalars.contains(scalar)
        }
    }

    /// A flag that cannot be stored, with what would be valid.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let text: String
        public let reason: String

        public var description: String {
            "\(reason); use a system flag (\(SystemFlag.allCases.map(\.plainName).joined(separator: ", ")), "
                + "or with a backslash: \(SystemFlag.allCases.map(\.rawValue).joined(separator: " "))) or a keyword of "
                + "letters, digits and punctuation other than ( ) { % * \" \\ ], e.g. $Label1"
        }
    }
}
